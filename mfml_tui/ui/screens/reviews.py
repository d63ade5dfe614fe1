"""Reviews: the questions that are due again (missed first, then the ones not seen for a while).

Each review is its own draw: its numbers are kept with the review (`Tutor.review_seed`), never written
into the lesson's numbers or last answer, and its answers never change an assessment's score. The first
answer on a review's numbers reschedules the question; the header counts what is still due, with the
same function as the course map and `mfml-tui progress`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from mfml_tui.ui.widgets.footer import Footer, TypedKeysNotOffered
from mfml_tui.ui.widgets.quiz import QuizCard, QuizState

if TYPE_CHECKING:
    from mfml_tui.ui.app import TutorApp


class ReviewScreen(TypedKeysNotOffered, Screen[None]):
    CSS_PATH = "lesson.tcss"  # question cards look the same as in lessons
    DEFAULT_CSS = """
    ReviewScreen #review-header { height: 1; padding: 0 1; background: $panel; }
    ReviewScreen #reviews-list { height: 1fr; padding: 0 1; }
    ReviewScreen .review-from { color: $text-muted; margin: 1 0 0 0; }
    ReviewScreen .review-empty { margin: 1 2; color: $text-muted; }
    """
    BINDINGS = [
        # b first, Esc too (a terminal holds a lone Esc back); in an answer box b is a letter: Esc leaves it
        Binding("b,escape", "back", "Course map", id="reviews.back",
                tooltip="Leave the answer box; again to go back to the course map (b or Esc)"),
        Binding("a", "answer", "Answer", id="reviews.answer", tooltip="Go to the next question"),
    ]

    @property
    def tutor_app(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        tutor = self.tutor_app.tutor
        due = tutor.due_questions()
        yield Static(self._header(tutor.due_reviews()), id="review-header")
        with VerticalScroll(id="reviews-list", can_focus=True):
            if not due:
                yield Static("Nothing is due now. A question you missed comes back here 10 minutes later, "
                             "with new numbers; one answered right first try, a few days later.",
                             classes="review-empty")
            for number, (lesson, spec) in enumerate(due, start=1):
                yield Static(tutor.text(f"from “{lesson.title}”"), classes="review-from")
                # the review's own numbers, never the lesson's
                state = QuizState(seed=tutor.review_seed(lesson.id, spec.id))
                yield QuizCard(spec, lesson.id, tutor, state, number=number, context="review")
        yield Footer()

    def on_mount(self) -> None:
        self.action_answer()

    def _unanswered(self) -> list[QuizCard]:
        return [card for card in self.query(QuizCard) if not card.state.correct]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"a Answer" is offered only while a question is left to answer: with nothing due it did nothing."""
        if action == "answer":
            return bool(self._unanswered())
        return True

    def action_answer(self) -> None:
        cards = self._unanswered()
        if cards:
            cards[0].scroll_visible(animate=False)
            cards[0].focus_answer()

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id != "reviews-list":
            self.query_one("#reviews-list").focus()
            return
        self.app.pop_screen()

    @staticmethod
    def _header(count: int) -> Content:
        return Content.assemble(("Reviews", "bold"), "  ",
                                (f"{count} question{'s' if count != 1 else ''} due now", "$text-muted"))

    @on(QuizCard.Attempted)
    def _attempted(self, event: QuizCard.Attempted) -> None:
        """Already saved (`Tutor.check`): the count of what is due follows each answer."""
        self.query_one("#review-header", Static).update(self._header(self.tutor_app.tutor.due_reviews()))
        self.refresh_bindings()
