"""Question exchange with other systems: Moodle XML and GIFT files to and from bank questions.

Pure functions, no Flask and no database: a file's text goes in, an ImportPreview comes out
(each question imported, converted or skipped, with the reason); bank questions go in, a file's
text comes out. Saving an import as drafts is the authoring package's job.
"""
