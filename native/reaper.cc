// Per-child reaper thread (filled by the spawn issue).
