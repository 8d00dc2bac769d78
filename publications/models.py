"""Story books: composition, related publications and PDF renders. Built by the books issue."""
