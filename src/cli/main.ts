// Placeholder until the CLI lands.
process.stdout.write('safeshell\n');
