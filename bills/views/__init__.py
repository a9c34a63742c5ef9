"""Web pages; thin: each view asks a domain function or QuerySet and renders."""
