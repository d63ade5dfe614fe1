"""A quiz inside a lesson: the question, an answer box that echoes how the answer was understood, Check,
Hint (one at a time), Show solution, Try new numbers, and feedback.

The widget holds no mathematics: it asks the `Tutor` (and so `mfml_tui.quiz`) to instantiate, understand
and check. `Tutor.check` grades and commits the attempt before it returns, and only then is the verdict
painted (and `QuizCard.Attempted` posted, for headers that show a score or a count): what the learner
sees was saved.
Its state lives in a `QuizState` owned by the screen, so a card rebuilt after a resize, or revisited on
the same step, keeps its numbers, its typed answer and its hints.
"""

from __future__ import annotations

import contextlib
import functools
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from mfml_tui.quiz.kinds import KINDS as QUIZ_KINDS
from mfml_tui.ui.gone import while_shown
from mfml_tui.ui.services import Attempt, Stopwatch
from mfml_tui.ui.widgets.buttons import QuickButton
from mfml_tui.ui.widgets.choices import ChoiceList
from mfml_tui.ui.widgets.glyphs import glyphs
from mfml_tui.ui.widgets.prose import Prose

if TYPE_CHECKING:
    from mfml_tui.course.model import QuizSpec
    from mfml_tui.ui.services import Tutor

LETTERS = string.ascii_lowercase
PARTS = ("feedback", "hints", "solution", "steps")  #: the boxes below the buttons, in their order


@dataclass
class QuizState:
    """Everything about one quiz on screen that must survive a rebuild of its card."""

    seed: int | None = None
    text: str = ""
    hints_shown: int = 0
    solution_shown: bool = False
    feedback: Content | None = None
    correct: bool = False
    chosen: list[int] = field(default_factory=list)
    checked: str | None = None  #: the answer the feedback is about
    slip_at: tuple[str, str] | None = None  #: where the engine saw the checked answer's slip (steps mark it)
    last_recorded: tuple[int, str] | None = None
    stopwatch: Stopwatch = field(default_factory=Stopwatch)


def _choices(question: Any) -> list[tuple[str, str, str | None]]:
    """(label, text, expression) per option as shown (the labels a, b, … are what gets graded)."""
    return [(c.label, c.text, c.expr) for c in question.choices]


class AnswerBox(Input):
    """The answer box holds at most what the grader reads (the parser's limit): a paste of a megabyte was
    kept whole, re-rendered and saved as a draft at every key (≈0.3 s a key) only to be refused as too long.
    A paste or key that would go past the limit is not taken, and says so. (The limit is read when text
    comes in, not at compose: the engine is not imported before a lesson's first step is painted.)"""

    def replace(self, text: str, start: int, end: int) -> None:
        from mfml_tui.engine.parser import MAX_LENGTH

        lo, hi = sorted((max(0, start), min(len(self.value), end)))  # as Input.replace reads them
        if len(self.value) - (hi - lo) + len(text) > MAX_LENGTH:
            self.notify(f"Not taken: an answer is at most {MAX_LENGTH:,} characters.".replace(",", " "),
                        severity="warning", timeout=4)
            return
        super().replace(text, start, end)


class QuizCard(Vertical, can_focus=False):
    """One question. Keys: Enter checks; ctrl+t hint, ctrl+o solution, ctrl+n new numbers (anywhere in the
    card, even while typing). The lesson screen adds c / h / s / r for when the answer box is not focused."""

    BINDINGS = [
        Binding("ctrl+t", "hint", "Hint", id="quiz.hint", tooltip="Show the next hint"),
        Binding("ctrl+o", "solution", "Solution", id="quiz.solution", tooltip="Show the worked solution"),
        Binding("ctrl+n", "new_numbers", "New numbers", id="quiz.new",
                tooltip="The same question, new numbers"),
    ]
    #: actions the card's own buttons name ("Hint ^t", …): a narrow footer leaves them to the buttons
    KEYS_ON_BUTTONS: ClassVar[frozenset[str]] = frozenset({"hint", "solution", "new_numbers"})
    _prepared = False  # has the answer-independent grading work (`Tutor.prepare`) been started?

    class Attempted(Message):
        """A graded (counted) attempt, already saved: screens update what depends on it."""

        def __init__(self, card: QuizCard, attempt: Attempt) -> None:
            super().__init__()
            self.card = card
            self.attempt = attempt

    def __init__(self, spec: QuizSpec, lesson_id: str, tutor: Tutor, state: QuizState, *,
                 number: int = 1, assessment: bool = False, context: str = "lesson") -> None:
        super().__init__(classes="quiz")
        self.spec = spec
        self.lesson_id = lesson_id
        self.assessment = assessment  # only a first answer on new numbers, without help, scores
        self.context = context  # "review": its own draw, never the lesson's numbers or score
        self.tutor = tutor
        self.state = state
        self.number = number
        self.question: Any = None
        self.g = glyphs(tutor.ascii_only)
        self.error: str | None = None
        self._steps_key: tuple | None = None  # (seed, width) the generated steps were written for
        self._steps_text = ""
        self._parts: dict[str, Static] = {}  # the boxes made so far (`_part`), by name
        try:
            self.question, state.seed = tutor.question(spec, state.seed, remember=context == "lesson")
        except Exception as error:  # noqa: BLE001 — a broken quiz must not take the lesson down
            self.error = f"This question could not be prepared: {error}"
        else:
            self._restore_last_answer()

    def _restore_last_answer(self) -> None:
        """A question met again (after a restart) shows the answer last given to these numbers and its
        verdict, so an assessment shows which questions are done. It is not a new attempt. An answer
        typed but not checked (a draft) comes back instead when there is one: it is newer."""
        state = self.state
        if state.text or state.chosen or state.feedback is not None or state.seed is None:
            return
        draft = self.tutor.draft(self.lesson_id, self.spec.id, int(state.seed), self.context)
        if draft is not None:
            if self.is_choice:
                labels = [label for label, _, _ in _choices(self.question)]
                state.chosen = [labels.index(x.strip()) for x in draft.split(",") if x.strip() in labels]
            else:
                state.text = draft
            return
        answer = self.tutor.last_answer(self.lesson_id, self.spec.id, int(state.seed), self.context)
        if answer is None:
            return
        if self.is_choice:
            labels = [label for label, _, _ in _choices(self.question)]
            state.chosen = [labels.index(x.strip()) for x in answer.split(",") if x.strip() in labels]
        else:
            state.text = answer
        state.last_recorded = (int(state.seed), answer.strip())
        state.checked = answer
        verdict = self.tutor.grade(self.question, answer)
        state.feedback, state.correct = self._describe(verdict), verdict.correct

    @property
    def is_choice(self) -> bool:
        return QUIZ_KINDS[self.spec.kind].is_choice

    @property
    def multiple(self) -> bool:
        return self.question.multiple

    # ------------------------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        self.border_title = f"Question {self.number}"
        self._parts = {}  # a recompose starts without them
        if self.error is not None:
            yield Static(Content.styled(self.error, "$error"), classes="quiz-error")
            return
        yield Prose(self._prompt(), self.tutor, classes="quiz-prompt", record=False)  # new numbers each time
        if self.is_choice:
            choices = _choices(self.question)
            as_plots = self.question.show == "plots" and all(e for _, _, e in choices)
            if as_plots:
                yield from self._choice_plots(choices)
            # Drawn options are named by their letter only: the formula would give a graph-matching
            # question away.
            names = [(label, f"graph {label}" if as_plots else text) for label, text, _ in choices]
            yield ChoiceList(names, multiple=self.multiple,
                             chosen=self.state.chosen, ascii_only=self.tutor.ascii_only,
                             classes="quiz-choices")
        else:
            box = AnswerBox(self.state.text, placeholder=self._placeholder(), classes="quiz-answer",
                            compact=True, select_on_focus=False)
            box.cursor_blink = False  # a blinking cursor writes ≈2 KB/s to the terminal, forever
            with Horizontal(classes="quiz-answer-row"):
                yield Static("Answer " + ("›" if not self.tutor.ascii_only else ">"), classes="quiz-label")
                yield box
            yield Static("", classes="quiz-echo")
        with Horizontal(classes="quiz-buttons"):
            # in ASCII mode ⏎ reads "enter", as in the footer: every button names its key
            yield QuickButton(self.tutor.text("Check ⏎"), classes="check",
                              compact=True, variant="primary", tooltip="Grade your answer (Enter)")
            yield QuickButton("Hint ^t", classes="hint", compact=True, tooltip="One hint at a time (ctrl+t)")
            yield QuickButton("Solution ^o", classes="solution", compact=True,
                              tooltip="Show the worked solution (ctrl+o)")
            yield QuickButton("New numbers ^n", classes="new", compact=True,
                              tooltip="The same question with fresh numbers (ctrl+n)")
        # The note, feedback, hints, solution and steps are made when first shown (`_part`): empty, they
        # were five of the card's sixteen widgets, styled and laid out for nothing on every step.

    def _part(self, name: str, *, make: bool = True) -> Static | None:
        """The card's `.quiz-<name>` box (note, feedback, hints, solution, steps), made and mounted in its
        place the first time it has something to show; None while it has not (and `make` is False)."""
        if name in self._parts:  # kept by name: a DOM query per refresh was most of the card's on_mount
            return self._parts[name]
        if not make:
            return None
        box = Static("", classes=f"quiz-{name}")
        if name == "note":
            self.mount(box, before=self.query_one(".quiz-buttons"))
        else:
            earlier = PARTS[: PARTS.index(name)]
            after = [w for w in self.children if w.has_class("quiz-buttons")
                     or any(w.has_class(f"quiz-{e}") for e in earlier)]
            self.mount(box, after=after[-1])
        self._parts[name] = box
        return box

    @while_shown
    def on_resize(self, event: events.Resize) -> None:
        """Lay the card out for the room it has: in the side-by-side layout its column is narrow."""
        self.set_class(event.size.width < 62, "-narrow")
        self.set_class(event.size.width >= 104, "-roomy")
        if self.error is None and self.state.solution_shown:
            self._refresh_steps()

    @while_shown
    def on_mount(self) -> None:
        if self.error is None:
            self._refresh_echo()
            self._refresh_feedback()
            self._refresh_hints()
            self._refresh_solution()
            self._refresh_note()

    def _choice_plots(self, choices: list[tuple[str, str, str | None]]) -> ComposeResult:
        """`show = "plots"`: each option drawn as a small plot, labelled with its letter."""
        try:
            from mfml_tui import plots
            from mfml_tui.course.model import PlotSpec
            from mfml_tui.ui.widgets.plot import SpecPlot
        except Exception:  # noqa: BLE001 — without plots the options are still listed as formulas
            return
        # the same specs the render check proves readable (`lessons check --render`)
        specs = plots.choice_specs([expr for _, _, expr in choices], [label for label, _, _ in choices],
                                   self.question.plot_x, variable=self.question.plot_variable)
        with Grid(classes="quiz-choice-plots"):
            for options in specs:
                spec = PlotSpec(options.pop("kind"), options, self.spec.location)
                yield SpecPlot(spec, marker=self.tutor.marker, classes="choice-plot")

    def _prompt(self) -> str:
        return self.question.prompt

    def _placeholder(self) -> str:
        return self.question.input_hint

    # ------------------------------------------------------------------------------------------- echo
    @on(Input.Changed, ".quiz-answer")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        changed = event.value != self.state.text
        self.state.text = event.value
        self._refresh_echo()
        if changed and not self._prepared and self.error is None:
            self._prepared = True  # the slip search runs while the learner types, not after Enter
            self.run_worker(functools.partial(self.tutor.prepare, self.question), thread=True,
                            group="quiz-prepare", exit_on_error=False)
        if changed and self.state.seed is not None and self.error is None:
            self._save_draft(event.value)
        if self.state.feedback is not None and self.state.checked is not None \
                and event.value.strip() != self.state.checked.strip():
            # the verdict was about the answer before this edit: keep it from reading as this one's
            self.state.feedback, self.state.checked = None, None
            self._refresh_feedback()

    def _save_draft(self, text: str) -> None:
        """Keep the unsent answer (one small transaction), so quitting does not lose it."""
        checked = self.state.checked
        with contextlib.suppress(Exception):  # a draft is a convenience: typing must never fail over it
            self.tutor.save_draft(self.lesson_id, self.spec.id, int(self.state.seed or 0),
                                  "" if checked is not None and text.strip() == checked.strip() else text,
                                  self.context)

    def _refresh_echo(self) -> None:
        if self.is_choice:
            return
        echo = self.query_one(".quiz-echo", Static)
        text = self.state.text
        if not text.strip():
            echo.update(Content.styled("Type your answer: you will see how it is understood.", "$text-muted"))
            return
        try:
            result = self.tutor.understand(self.question, text)
        except Exception as error:  # noqa: BLE001 — ParseError may be raised or returned
            result = error
        column = getattr(result, "column", None)
        if isinstance(result, Exception) or column is not None:
            # A caret right under the answer box points at the column; the message follows it when it
            # fits on the line, or goes on the next line.
            message = str(result)
            width = echo.content_region.width or 60
            answer_box = self.query_one(".quiz-answer", Input)
            fits_box = len(text) < (answer_box.content_region.width or 60)
            if isinstance(column, int) and 0 < column <= len(text) + 1 and fits_box:
                pad = " " * (column - 1)
                if column + 1 + len(message) <= width:
                    shown = Content.assemble(pad, ("^ ", "bold $warning"), (message, "$warning"))
                    two = False
                else:
                    shown = Content.assemble(pad, ("^", "bold $warning"), "\n", (message, "$warning"))
                    two = True
            else:
                shown, two = Content.styled(f"{self.g['warn']} {message}", "$warning"), False
            echo.update(shown)
            echo.set_class(two, "-two-lines")
            return
        # In ASCII mode the Tutor has already put the engine's ASCII form (`x^2*sin(x)`) in `text`.
        shown = getattr(result, "text", None) or str(result)
        note = getattr(result, "note", "")
        echo.set_class(bool(note), "-two-lines")
        echo.update(Content.assemble(("understood as  ", "$text-muted"), (shown, "bold"),
                                     ("\n" + note, "$warning") if note else ""))

    # ---------------------------------------------------------------------------------------- actions
    @on(Input.Submitted, ".quiz-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check()

    @on(Button.Pressed, ".check")
    def _check_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_check()

    @on(Button.Pressed, ".hint")
    def _hint_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_hint()

    @on(Button.Pressed, ".solution")
    def _solution_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_solution()

    @on(Button.Pressed, ".new")
    def _new_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_new_numbers()

    @on(ChoiceList.Changed)
    def _picked(self, event: ChoiceList.Changed) -> None:
        event.stop()
        changed = list(event.chosen) != self.state.chosen
        self.state.chosen = list(event.chosen)
        if changed and self.state.seed is not None and self.error is None:
            self._save_draft(self.answer_text())  # the picks, as the labels "a, c"

    @on(ChoiceList.Submitted)
    def _choice_submitted(self, event: ChoiceList.Submitted) -> None:
        event.stop()
        self.action_check()

    def answer_text(self) -> str:
        if self.is_choice:
            labels = [label for label, _, _ in _choices(self.question)]
            return ", ".join(labels[i] for i in sorted(self.state.chosen) if i < len(labels))
        return self.state.text

    def action_check(self) -> None:
        if self.error is not None:
            return
        text = self.answer_text()
        if not text.strip():
            what = "Pick an option first." if self.is_choice else "Type an answer first."
            self.state.feedback = Content.styled(what, "$text-muted")
            self._refresh_feedback()
            return
        state = self.state
        seed = int(state.seed or 0)
        key = (seed, text.strip())
        checked = self.tutor.check(  # graded AND committed: only then is anything painted
            self.question, text, lesson_id=self.lesson_id, quiz_id=self.spec.id, seed=seed,
            hints=state.hints_shown + (1 if state.solution_shown else 0),
            seconds=round(state.stopwatch.seconds, 1), context=self.context,
            record=key != state.last_recorded,  # checking the same answer twice is not a new attempt
            skills=tuple(self.spec.skills))
        if checked.error is not None:
            state.feedback = Content.assemble(
                (f"{self.g['warn']} This answer could not be saved: ", "bold $error"), checked.error,
                (" Check again to retry.", "$text-muted"))
            state.correct, state.checked = False, None
            self._refresh_feedback()
            self._reveal("feedback")
            return
        state.feedback = self._describe(checked.verdict)
        state.correct = checked.verdict.correct
        state.checked = text
        state.slip_at = getattr(checked.verdict, "slip_at", None)
        if checked.attempt is not None:
            state.last_recorded = key
            state.stopwatch.reset()
        self._refresh_feedback()
        if state.solution_shown:
            self._refresh_steps()  # mark where this answer went wrong
        self._refresh_note()
        self._reveal("feedback")
        if checked.attempt is not None:
            self.post_message(self.Attempted(self, checked.attempt))

    def _describe(self, verdict: Any) -> Content:
        """The grader's own words (they already say which entries are off), plus targeted feedback."""
        g = self.g
        message, mistake = verdict.message, verdict.mistake
        if not verdict.counted:
            return Content.assemble((f"{g['warn']} ", "$warning"),
                                    message or "That answer could not be read.",
                                    (" This try does not count.", "$text-muted"))
        if verdict.correct:
            right = Content.styled(f"{g['right']} {message or 'Correct.'}", "bold $success")
            if self.state.hints_shown or self.state.solution_shown:  # mastery counts answers without help
                return Content.assemble(right, (" With help: new numbers (ctrl+n) let you show it on your "
                                                "own.", "$text-muted"))
            return right
        parts: list[Any] = [(f"{g['wrong']} ", "bold $error"), message or "Not right."]
        if mistake:
            parts.append(("\n" + str(mistake), "$warning"))
        return Content.assemble(*parts)

    def action_hint(self) -> None:
        hints = self._hints()
        if not hints:
            self.notify("This question has no hints — try the solution (ctrl+o).", timeout=4)
            return
        if self.state.hints_shown >= len(hints):
            self.notify("That was the last hint.", timeout=3)
            return
        self.state.hints_shown += 1
        self._note_help()
        self._warn_unscored()
        self._refresh_hints()
        self._reveal("hints")

    def _note_help(self) -> None:
        """Help seen on these numbers is saved: after a restart an answer on them still does not score."""
        with contextlib.suppress(Exception):  # the attempt records its hints anyway
            self.tutor.note_help(self.lesson_id, self.spec.id, int(self.state.seed or 0))
        self._refresh_note()

    def _refresh_note(self) -> None:
        """In an assessment, say before the learner answers whether these numbers can still score."""
        note = self._note()
        box = self._part("note", make=bool(note))
        if box is not None:
            box.update(note or "")
            box.display = bool(note)

    def _note(self) -> Content | None:
        if not self.assessment or self.context != "lesson" or self.state.seed is None:
            return None
        try:
            draw = self.tutor.draw(self.lesson_id, self.spec.id, int(self.state.seed))
        except Exception:  # noqa: BLE001
            return None
        if draw.scores:
            return Content.styled(f"{self.g['right']} Scored on these numbers.", "$success")
        if draw.spent:
            why = ("help was shown" if draw.helped and not draw.attempts or draw.first_hints else
                   "the first pick was wrong" if self.is_choice else "the first answer was wrong")
            return Content.styled(f"These numbers no longer score ({why}): ctrl+n gives new numbers "
                                  "to score on.", "bold $warning")
        return Content.styled("Scores if your first answer on these numbers is right, without help.",
                              "$text-muted")

    def _warn_unscored(self) -> None:
        if self.assessment and self.state.hints_shown + self.state.solution_shown == 1:
            self.notify("In an assessment an answer after a hint or the solution does not score: "
                        "ctrl+n gives new numbers to answer afresh.", timeout=8)

    def _hints(self) -> tuple[str, ...]:
        return tuple(self.question.hints)

    def action_solution(self) -> None:
        if not self.state.solution_shown:
            self.state.solution_shown = True
            self._note_help()
            self._warn_unscored()
        self._refresh_solution()
        self.call_after_refresh(self._reveal_solution)

    @while_shown
    def _reveal_solution(self) -> None:
        """Scroll the solution into view with as much of the generated steps as the screen holds: all of
        them when they fit below the author's words, else the author's words at the top."""
        solution = self._part("solution", make=False)
        if solution is None:
            return
        steps = self._part("steps", make=False)
        room = self.screen.size.height - 4
        if steps is not None and steps.display \
                and solution.outer_size.height + steps.outer_size.height > room:
            solution.scroll_visible(animate=False, top=True)
        else:
            (steps if steps is not None and steps.display else solution).scroll_visible(animate=False,
                                                                                        top=False)

    def _reveal(self, name: str) -> None:
        """Scroll what the learner just asked for into view: at 80×24 it is often below the fold."""
        box = self._part(name, make=False)
        if box is not None:
            self.call_after_refresh(box.scroll_visible, animate=False, top=False)

    def action_new_numbers(self) -> None:
        if self.state.seed is not None and self.state.text.strip():
            self._save_draft("")  # the draft was for the old numbers
        self.state.seed = self.tutor.new_seed()
        self.state.text = ""
        self.state.hints_shown = 0
        self.state.solution_shown = False
        self.state.feedback = None
        self.state.correct = False
        self.state.chosen = []
        self.state.stopwatch.reset()
        self.run_worker(self.recompose_card(), exclusive=True, group="quiz-recompose")

    @while_shown
    async def recompose_card(self) -> None:
        try:
            self._prepared = False
            self.question, self.state.seed = self.tutor.question(self.spec, self.state.seed,
                                                                 remember=self.context == "lesson")
            self.error = None
        except Exception as error:  # noqa: BLE001
            self.error = f"This question could not be prepared: {error}"
        await self.recompose()
        self.on_mount()
        self.focus_answer()

    def focus_answer(self) -> None:
        # `screen.set_focus` at once, not `widget.focus()` (which waits for the message queue): a key typed
        # right after "a" must land in the answer box, not in whatever had focus a moment before.
        for selector in (".quiz-answer", ".quiz-choices", ".check"):
            found = self.query(selector)
            if found:
                self.screen.set_focus(found.first())
                return

    # ---------------------------------------------------------------------------------------- display
    def _refresh_feedback(self) -> None:
        box = self._part("feedback", make=self.state.feedback is not None)
        if box is not None:
            box.update(self.state.feedback or "")
            box.display = self.state.feedback is not None
        self.set_class(self.state.correct, "-correct")

    def _refresh_hints(self) -> None:
        hints = self._hints()
        shown = hints[: self.state.hints_shown]
        box = self._part("hints", make=bool(shown))
        if box is None:
            return
        box.display = bool(shown)
        box.update(Content.assemble(*[
            (f"{self.g['hint']} Hint {i + 1}/{len(hints)}: {h}" + ("\n" if i < len(shown) - 1 else ""))
            for i, h in enumerate(shown)
        ]))

    def _refresh_solution(self) -> None:
        box = self._part("solution", make=self.state.solution_shown)
        if box is not None:
            box.display = self.state.solution_shown
        if box is None or not self.state.solution_shown:
            steps = self._part("steps", make=False)
            if steps is not None:
                steps.display = False
            return
        solution = self.question.solution
        answer = self.question.expected_text
        lines: list[Any] = [("Solution: ", "bold")]
        if solution:
            lines.append(solution)
        if answer:
            lines.append(("\nAnswer: ", "bold"))
            lines.append(str(answer))
        if not solution and not answer:
            lines.append("no worked solution was written for this question.")
        box.update(Content.assemble(*lines))
        self._refresh_steps()

    def _refresh_steps(self) -> None:
        """The engine's own derivation for these numbers, below the author's words, wrapped to the card's
        width (computed once per draw and width)."""
        width = max(30, (self.content_region.width or 78) - 2)
        key = (self.state.seed, width, self.state.slip_at)
        if self._steps_key != key:
            self._steps_key = key
            try:
                self._steps_text = self.tutor.derivation_text(self.question, width, self.state.slip_at)
            except Exception:  # noqa: BLE001 — the steps are extra: never lose the solution over them
                self._steps_text = ""
        shown = self.state.solution_shown and bool(self._steps_text)
        box = self._part("steps", make=shown)
        if box is None:
            return
        box.display = shown
        if shown:
            box.update(Content.assemble(("Steps", "bold"), " (worked by the engine for these numbers):\n",
                                        self._steps_text))
