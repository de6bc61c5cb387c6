"""Pure domain logic: no Flask, no database. Functions take plain values (and `now`)."""
