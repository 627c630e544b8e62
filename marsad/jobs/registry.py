"""The kinds of job, registered by the apps that do the work (core apps import no later
app: `imports` registers its kinds with `jobs`, not the reverse)."""

from collections.abc import Callable
from dataclasses import dataclass


class JobRefused(Exception):
    """The work could not be done for a reason it explains to the person (`result` is
    shown with the kind's result template); nothing was written."""

    def __init__(self, result: dict):
        super().__init__("refused")
        self.result = result


@dataclass(frozen=True)
class JobKind:
    name: str
    # run(job, tracker) -> the result (JSON) shown when done; raise JobRefused to fail
    # with an explanation.
    run: Callable
    # Shows `job.result` (and what to do next) on the job's page.
    result_template: str
    # Called once the job has finished, whatever its outcome (e.g. remove its upload).
    finished: Callable | None = None


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _kinds[kind.name] = kind


def kind(name: str) -> JobKind | None:
    return _kinds.get(name)
