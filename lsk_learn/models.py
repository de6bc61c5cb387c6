"""Imports every model so that SQLAlchemy's metadata (and Alembic) sees the whole schema."""
from .auth.models import User  # noqa: F401
from .bank.models import AnthemText, BankTask, Lesson, Passage, Question, Topic, VocabularyWord  # noqa: F401
from .bank.versions import QuestionFlag, QuestionVersion  # noqa: F401
from .bank.lesson_versions import LessonVersion  # noqa: F401
from .bank.conflicts import SyncConflict  # noqa: F401
from .authoring.models import QuestionUpload  # noqa: F401
from .audio.models import AudioFile, ExamAudioPlay  # noqa: F401
from .attachments.models import QuestionAttachment  # noqa: F401
from .cohorts.models import (  # noqa: F401
    Assignment, AttendanceMark, AttendanceSession, Cohort, CohortTeacher, Enrolment, ProgrammeItemStats,
    TeacherNote,
)
from .learn.models import HelpUse, LessonProgress, PracticeAnswer  # noqa: F401
from .exams.models import ExamAnswer, ExamAttempt, ExamItem, ExamPartResult  # noqa: F401
from .profiles.models import LearnerProfile, LearnerTargetGroup, Municipality, TargetGroup  # noqa: F401
from .reports.models import ExamOutcome, ExportLog, Programme  # noqa: F401
from .notifications.models import Notification  # noqa: F401
from .review.models import PracticeSession, ReviewCard  # noqa: F401
from .security.models import AuditEvent, UserSession  # noqa: F401
from .activity.models import DailyActivity, MonthlyActivity  # noqa: F401  (importing activity installs its flush hooks)
