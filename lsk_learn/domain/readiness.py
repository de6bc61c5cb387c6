"""How ready a learner is: the chance to pass each exam part now, from their recent answers.

Method. For every subtopic the part draws from, the chance of answering one of its questions
right is estimated from the learner's most recent answers there (the last RECENT_ANSWERS), with a
Beta(1, 1) prior, so that no answers at all means 50 % and a few answers move it only a little:
p = (right + 1) / (answered + 2). The mock exam draws its questions evenly across subtopics, so each
question is equally likely to come from any subtopic and is answered right with the mean p over the
subtopics; the chance to pass is the probability that at least `pass_mark` of the part's questions
are right (the binomial tail, computed exactly). With fewer than MIN_ANSWERS answers in the part the
estimate is flagged as uncertain, and with no answers at all there is nothing to show (the 50 %
prior is not a measurement). What to practise next: the subtopics with the lowest p.

Wording: the pass probability is "readiness" everywhere it is shown; a subtopic's p is only ever
called the "chance to answer a question right", never readiness.
"""
from dataclasses import dataclass
from typing import Iterable, Sequence

RECENT_ANSWERS = 20
MIN_ANSWERS = 15
NO_ESTIMATE, ROUGH, ESTIMATE = "none", "rough", "estimate"


@dataclass(frozen=True)
class SubtopicSkill:
    subtopic: str
    answered: int
    right: int

    @property
    def p_right(self) -> float:
        return (self.right + 1) / (self.answered + 2)


@dataclass(frozen=True)
class Readiness:
    part: str
    chance: float           # 0..1: the estimated probability to pass the part now
    answered: int           # answers the estimate rests on
    weakest: tuple          # subtopics to practise next, weakest first
    weakest_skills: tuple = ()  # the same subtopics' SubtopicSkill, for their own chances

    @property
    def certain_enough(self) -> bool:
        return self.answered >= MIN_ANSWERS

    @property
    def level(self) -> str:
        """NO_ESTIMATE without answers (show no number), ROUGH under MIN_ANSWERS, else ESTIMATE."""
        if self.answered == 0:
            return NO_ESTIMATE
        return ESTIMATE if self.certain_enough else ROUGH


def subtopic_skills(answers: Iterable[tuple[str, bool]], subtopics: Sequence[str]) -> list[SubtopicSkill]:
    """`answers` are (subtopic, right) pairs, newest first; the last RECENT_ANSWERS per subtopic count."""
    kept: dict[str, list[bool]] = {s: [] for s in subtopics}
    for subtopic, right in answers:
        if subtopic in kept and len(kept[subtopic]) < RECENT_ANSWERS:
            kept[subtopic].append(right)
    return [SubtopicSkill(s, len(kept[s]), sum(kept[s])) for s in subtopics]


def at_least_probability(probabilities: Sequence[float], needed: int) -> float:
    """P(at least `needed` successes) for independent trials with the given success chances."""
    distribution = [1.0]  # distribution[k] = P(k successes so far)
    for p in probabilities:
        following = [0.0] * (len(distribution) + 1)
        for k, mass in enumerate(distribution):
            following[k] += mass * (1 - p)
            following[k + 1] += mass * p
        distribution = following
    return sum(distribution[needed:]) if needed < len(distribution) else 0.0


def part_readiness(part: str, skills: Sequence[SubtopicSkill], questions: int, pass_mark: int) -> Readiness:
    """The chance to get at least `pass_mark` of `questions` drawn evenly over the skills' subtopics."""
    if not skills:
        return Readiness(part, 0.0, 0, ())
    mean_p = sum(s.p_right for s in skills) / len(skills)
    chances = [mean_p] * questions
    weakest = tuple(sorted(skills, key=lambda s: (s.p_right, s.subtopic))[:3])
    return Readiness(part, at_least_probability(chances, pass_mark), sum(s.answered for s in skills),
                     tuple(s.subtopic for s in weakest), weakest)
