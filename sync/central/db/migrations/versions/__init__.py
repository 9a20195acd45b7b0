"""One module per schema revision of the central's database."""
