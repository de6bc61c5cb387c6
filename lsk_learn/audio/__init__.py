"""Audio for listening passages (issue 15): files, synthetic voice, teachers' recordings, the player."""
