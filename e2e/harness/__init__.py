"""Building blocks of e2e/run: case files, Dockerfile reading, stand-in images, checks."""
