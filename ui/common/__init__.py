"""What every window shares: start-up tuning, fonts, icons, style, touch sizes, background
results, opening the database, background sync, the self-check, labels and the statistics
panel."""
