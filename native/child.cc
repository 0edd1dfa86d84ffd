// Code that runs between fork and execve (filled by the spawn issue).
