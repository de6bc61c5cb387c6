"""The offline page's texts that static/js/offline.js shows, translated on the server (the page
carries them as JSON, so the script has no texts of its own)."""
from flask_babel import gettext as _


def page_strings() -> dict[str, str]:
    return {
        "waiting": _("%(n)s answers waiting to be sent"),
        "waiting_one": _("1 answer waiting to be sent"),
        "all_sent": _("All answers sent."),
        "offline": _("You are offline. Your answers are kept on this phone and sent when the connection returns."),
        "sign_in": _("Sign in to send your answers. They stay on this phone until then."),
        "send_failed": _("The answers could not be sent now. They stay on this phone; we will try again."),
        "refused": _("Some answers were refused by the server and removed: %(message)s"),
        "no_pack": _("No practice pack on this phone yet. Connect to the internet and download one below."),
        "pack_info": _("Practice pack from %(date)s: %(topics)s (questions: %(n)s)."),
        "topics_failed": _("The topics could not be loaded. Connect to the internet and sign in to download a pack."),
        "choose_topic": _("Choose at least one topic."),
        "downloading": _("Downloading the pack…"),
        "downloaded": _("The pack is saved on this phone. You can practise without a connection."),
        "download_failed": _("The pack could not be downloaded. Please try again with a connection."),
        "questions_count": _("%(n)s questions"),
        "question_of": _("Question %(n)d of %(total)d"),  # the practice page's text, filled in by the script
        "answer": _("Check the answer"),
        "next": _("Next question"),
        "right": _("Right"),
        "wrong": _("Wrong answer"),
        "your_answer": _("Your answer"),
        "correct_answer": _("Correct answer"),
        "explanation": _("Explanation"),
        "source": _("Source"),
        "in_my_language": _("In my language"),
        "choose_answer": _("Choose an answer first."),
        "true": _("True"),
        "false": _("False"),
        "choose": _("— choose —"),
        "several": _("Several answers may be right: tick all of them."),
        "no_lessons": _("No lessons in this pack."),
        "listen": _("Listen"),
    }
