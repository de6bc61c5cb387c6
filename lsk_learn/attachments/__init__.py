"""Files embedded in questions (Moodle's @@PLUGINFILE@@ images and audio), stored and served (issue 14)."""
