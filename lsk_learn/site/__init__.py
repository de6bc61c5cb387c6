"""The site as a whole: the front page (each role's home), the language switcher, the health check
and versioned static URLs. Above every feature package, so core imports none of them."""
