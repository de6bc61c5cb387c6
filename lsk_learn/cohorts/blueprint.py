"""The teachers' area: every URL of the cohorts blueprint, by feature. The views live in the
views_*.py modules of this package; each declares who may use it (auth/access.py)."""
from flask import Blueprint

from . import views_assignments, views_attendance, views_cohort, views_enrolment, views_grading

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
GET, POST, BOTH = ["GET"], ["POST"], ["GET", "POST"]

# Groups: the list, creating and editing, the dashboard and its export, a new join code
bp.add_url_rule("/", "index", views_cohort.index, methods=GET)
bp.add_url_rule("/new", "create", views_cohort.create, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/edit", "edit", views_cohort.edit, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>", "dashboard", views_cohort.dashboard, methods=GET)
bp.add_url_rule("/<int:cohort_id>/export.csv", "export", views_cohort.export, methods=GET)
bp.add_url_rule("/<int:cohort_id>/join-code", "new_join_code", views_cohort.new_join_code, methods=POST)

# One learner of a group: their page (with notes) and moving them to another group
bp.add_url_rule("/<int:cohort_id>/learners/<int:learner_id>", "learner", views_cohort.learner, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/learners/<int:learner_id>/move", "move", views_cohort.move, methods=POST)

# The questions a group (or the whole programme) finds difficult
bp.add_url_rule("/<int:cohort_id>/questions", "questions", views_cohort.questions, methods=GET)
bp.add_url_rule("/questions", "all_questions", views_cohort.all_questions, methods=GET)

# Assignments: lessons, practice and mock exams set for the group
bp.add_url_rule("/<int:cohort_id>/assignments", "assignment_list", views_assignments.assignment_list, methods=BOTH)

# Attendance: sessions, marking everyone on one screen, the export
bp.add_url_rule("/<int:cohort_id>/attendance", "attendance_list", views_attendance.attendance_list, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/attendance/<int:session_id>", "attendance_mark", views_attendance.attendance_mark,
                methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/attendance.csv", "attendance_export", views_attendance.attendance_export,
                methods=GET)

# Enrolment: one learner, a CSV/XLSX import (preview, confirm, rejected rows, template), sign-in cards,
# a learner's details, and a learner joining with a code
bp.add_url_rule("/<int:cohort_id>/learners/new", "add_learner", views_enrolment.add_learner, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/import", "import_learners", views_enrolment.import_learners, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/import/confirm", "confirm_import", views_enrolment.confirm_import, methods=POST)
bp.add_url_rule("/<int:cohort_id>/import/rejected.csv", "rejected_rows", views_enrolment.rejected_rows, methods=POST)
bp.add_url_rule("/<int:cohort_id>/import/template.xlsx", "import_template", views_enrolment.import_template,
                methods=GET, defaults={"fmt": "xlsx"})
bp.add_url_rule("/<int:cohort_id>/import/template.csv", "import_template", views_enrolment.import_template,
                methods=GET, defaults={"fmt": "csv"})
bp.add_url_rule("/<int:cohort_id>/cards", "cards", views_enrolment.cards, methods=BOTH)
bp.add_url_rule("/<int:cohort_id>/learners/<int:learner_id>/details", "edit_learner", views_enrolment.edit_learner,
                methods=BOTH)
bp.add_url_rule("/join", "join", views_enrolment.join, methods=BOTH)

# Grading: the queue of writing and speaking parts, and grading one of them
bp.add_url_rule("/grading", "grading_queue", views_grading.grading_queue, methods=GET)
bp.add_url_rule("/grading/<int:result_id>", "grade", views_grading.grade, methods=BOTH)
