"""The sandpit game widget: a cursor on the hidden pit, Enter to dip, the dip log beside it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from mfml_tui.explore.functions import num
from mfml_tui.explore.pits import PITS
from mfml_tui.explore.sandpit import SandpitGame
from mfml_tui.plots.explorers.sandpit import cursor_glyph, phone_glyph

from .base import Explorer

PIT_ORDER = list(PITS)


class Sandpit(Explorer):
    """Find the phone at the deepest point of the pit with as few dips as possible."""

    KIND = "sandpit"
    TITLE = "Sandpit"
    LEGEND = "←↑↓→ hjkl move ⇧ fast  ⏎ dip  c pit  s new  w worker  +− γ  r retry  g reveal"

    BINDINGS = [
        Binding("left,h", "move(-1, 0)", "left", show=False),
        Binding("right,l", "move(1, 0)", "right", show=False),
        Binding("up,k", "move(0, 1)", "up", show=False),
        Binding("down,j", "move(0, -1)", "down", show=False),
        Binding("shift+left,H", "move(-1, 0, True)", "left fast", show=False),
        Binding("shift+right,L", "move(1, 0, True)", "right fast", show=False),
        Binding("shift+up,K", "move(0, 1, True)", "up fast", show=False),
        Binding("shift+down,J", "move(0, -1, True)", "down fast", show=False),
        Binding("enter,space", "dip", "dip"),
        Binding("c", "next_pit", "change pit"),
        Binding("w", "worker", "worker rule"),
        Binding("plus,equals_sign", "gamma(1.25)", "γ up", show=False),
        Binding("minus", "gamma(0.8)", "γ down", show=False),
        Binding("s", "new_pit", "shuffle: a new pit"),
        Binding("r", "retry", "retry"),
        Binding("g", "give_up", "give up"),
    ]

    class Won(Message):
        """The phone was found in `dips` dips on the pit `pit` (the app may keep the best score)."""

        def __init__(self, pit: str, dips: int) -> None:
            super().__init__()
            self.pit = pit
            self.dips = dips

    def __init__(self, game: SandpitGame, **kwargs: Any) -> None:
        super().__init__(game, **kwargs)
        self.best: dict[str, int] = {}

    @property
    def game(self) -> SandpitGame:
        return self.state

    # -- actions ----------------------------------------------------------------------------------------
    def action_move(self, dx: int, dy: int, big: bool = False) -> None:
        self.state = self.game.move(dx, dy, big)

    def action_dip(self) -> None:
        before = self.game
        after = before.dip()
        self.state = after
        if after.won and not before.won and after.counts:  # a worker's win is a demonstration
            best = self._best(after.pit.name)
            if best is None or after.used < best:
                self.best[after.pit.name] = after.used
                self._store_best(after.pit.name, after.used)
            self.post_message(self.Won(after.pit.name, after.used))

    def action_next_pit(self) -> None:
        name = PIT_ORDER[(PIT_ORDER.index(self.game.pit.name) + 1) % len(PIT_ORDER)]
        self.state = SandpitGame.new(
            name, seed=self.game.pit.seed or 0, rule=self.game.rule, gamma=self.game.gamma
        )

    def action_worker(self) -> None:
        self.state = self.game.cycle_rule()

    def action_gamma(self, factor: float) -> None:
        self.state = self.game.with_gamma(round(self.game.gamma * factor, 3))

    def action_new_pit(self) -> None:
        self.state = self.game.restart(seed=(self.game.pit.seed or 0) + 1)

    def action_retry(self) -> None:
        self.state = self.game.restart()

    def action_give_up(self) -> None:
        self.state = self.game.give_up()

    # -- best scores ------------------------------------------------------------------------------------
    def _best(self, pit: str) -> int | None:
        if pit not in self.best:
            value = self.setting(f"sandpit.best.{pit}")
            if value is None or not str(value).isdigit():
                return None
            self.best[pit] = int(value)
        return self.best[pit]

    def _store_best(self, pit: str, dips: int) -> None:
        self.set_setting(f"sandpit.best.{pit}", str(dips))

    # -- drawing ----------------------------------------------------------------------------------------
    @property
    def cursor_glyph(self) -> str:
        return cursor_glyph(self.style)

    @property
    def phone_glyph(self) -> str:
        return phone_glyph(self.style)

    def side(self) -> Text:
        g = self.game
        t = Text()
        best = self._best(g.pit.name) if self.is_attached else None  # (on_mount: not "mounted" yet)
        t.append(f"{g.pit.title}\n", style="bold")
        t.append(f"dips {g.used}/{g.limit}")
        t.append(f"  best {best}\n" if best is not None else "\n", style="green")
        if g.rule:
            gamma = f" γ={num(g.gamma)}" if g.rule != "hessian" else ""
            t.append(f"worker: {g.rule}{gamma}\n", style="red")
        key = self.key(width=self.SIDE_WIDTH - 1)
        t.append(key + "\n", style="italic")
        rows = max(self.size.height - 7 - key.count("\n"), 4) if self.is_mounted else 10
        log = [d.describe() for d in g.dips][-rows:]
        t.append("\n".join(log) or "no dips yet")
        return t

    def status(self) -> Text:
        g = self.game
        style = "bold green" if g.won else "bold red" if (g.stuck or g.outcome == "lost") else ""
        line = f"cursor ({g.cursor[0]:.2f}, {g.cursor[1]:.2f})"
        if g.last is not None:
            line += f" · last dip {g.last.depth:.2f} m".replace("-", "−")
        t = Text(line + "\n")
        t.append(g.message, style=style)
        return t
