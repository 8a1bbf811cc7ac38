// Compiled into a layer that has no source file yet.
