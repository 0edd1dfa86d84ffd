// The only file that knows the regex library (filled by the native matcher issue).
