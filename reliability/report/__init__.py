"""Reports of a profile: terminal (rich) now; HTML and Markdown with the report issue."""
