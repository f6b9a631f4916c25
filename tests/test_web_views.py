"""The workbench's timeline and network drawings, from records built here (no KB needed)."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.query.network import Network, NetworkEdge, NetworkNode
from newsgraph.query.records import EventRecord, ParticipantRef, PlaceRef, SourceRef


def _ref(aid: int, name: str) -> ParticipantRef:
    return ParticipantRef(id=aid, name=name)


def _event(
    eid: int, etype: str, actor: str | None, *, day: str = "2024-05-03", sentence: str = ""
) -> EventRecord:
    place = PlaceRef("Kharkiv", 49.99, 36.23, "UA", None, 1, id=1, feature="city")
    source = SourceRef(document="d1", sentence=sentence, status="reported", sentence_end=len(sentence))
    return EventRecord(
        id=eid, type=etype, mode=None, acled_event_type=None, acled_sub_event_type=None,
        actors=(_ref(eid * 10, actor),) if actor else (), targets=(), place=place, date_start=day, date_end=day,
        time_precision="day", fatalities=None, status="reported", attributed_to=None, in_comments=False,
        sources=(source,) if sentence else (), confidence=0.5,
    )  # fmt: skip


class WithBackground:
    """A record as it reads once the knowledge base stores background events (MERGE's column)."""

    def __init__(self, event: EventRecord, *, background: bool) -> None:
        self._event, self.background = event, background

    def __getattr__(self, name: str) -> Any:
        return getattr(self._event, name)


def _lanes(fig: Any) -> dict[int, str]:
    return {i: y for trace in fig.data for i, y in zip(trace.customdata, trace.y, strict=True)}


def test_lanes_by_type_or_by_actor() -> None:
    from newsgraph.web.ui_views import timeline_figure

    events = [_event(1, "ASSAULT", "Wagner"), _event(2, "ASSAULT", "Houthis"), _event(3, "PROTEST", None)]
    assert _lanes(timeline_figure(events)) == {1: "ASSAULT", 2: "ASSAULT", 3: "PROTEST"}
    assert _lanes(timeline_figure(events, lanes="actor")) == {
        1: "Wagner",
        2: "Houthis",
        3: "(no named actor)",
    }


def test_past_the_lane_limit_events_share_one_other_lane() -> None:
    from newsgraph.web.ui_views import MAX_LANES, timeline_figure

    events = [_event(i, "ASSAULT", f"Brigade {i}") for i in range(1, MAX_LANES + 4)]
    events += [_event(100, "ASSAULT", "Brigade 1")]  # the busiest lane
    fig = timeline_figure(events, lanes="actor")
    lanes = _lanes(fig)
    assert len(set(lanes.values())) == MAX_LANES + 1 and "other" in lanes.values()
    assert lanes[1] == lanes[100] == "Brigade 1"
    assert fig.layout.yaxis.categoryarray[-1] == "Brigade 1"  # busiest on top


def test_background_events_are_not_drawn_unless_asked_for() -> None:
    from newsgraph.web.ui_views import foreground, timeline_figure

    now = _event(1, "ASSAULT", "Wagner", day="2024-05-03")
    history = WithBackground(_event(2, "ASSAULT", "Wagner", day="1998-02-01"), background=True)
    reported = WithBackground(_event(3, "PROTEST", None), background=False)
    events: list[Any] = [now, history, reported]
    assert [e.id for e in foreground(events)] == [1, 3]
    assert set(_lanes(timeline_figure(events))) == {1, 3}
    assert set(_lanes(timeline_figure(events, include_background=True))) == {1, 2, 3}


def test_hover_shows_the_evidence_escaped() -> None:
    from newsgraph.web.ui_views import timeline_figure

    sentence = "Drones hit <b>Kharkiv</b> overnight, " + "the governor said " * 12
    fig = timeline_figure([_event(1, "ASSAULT", "Russian Armed Forces", sentence=sentence)])
    text = fig.data[0].hovertext[0]
    assert "&lt;b&gt;Kharkiv&lt;/b&gt;" in text and "<b>" not in text
    assert "actor: Russian Armed Forces" in text
    assert all(len(line) <= 90 for line in text.split("<br>"))  # wrapped: Plotly does not wrap hovers
    assert text.endswith("...")


def _node(nid: int) -> NetworkNode:
    return NetworkNode(
        id=nid,
        name=f"Actor {nid}",
        canonical=None,
        kind="organisation",
        label=None,
        mentions=1,
        documents=1,
        weight=1,
    )


@pytest.mark.parametrize("spokes", [5, 40])
def test_network_names_only_the_best_connected_and_sizes_by_ties(spokes: int) -> None:
    from newsgraph.web.ui_views import NETWORK_LABELS, network_elements

    hub = _node(1)
    leaves = [_node(i) for i in range(2, spokes + 2)]
    edges = tuple(NetworkEdge(1, leaf.id, "co_participant", 1) for leaf in leaves)
    # A second, smaller hub tied to the first few leaves.
    edges += tuple(NetworkEdge(2, leaf.id, "acts_on", 1) for leaf in leaves[1:4])
    els = network_elements(Network((hub, *leaves), edges, spokes + 1))
    nodes = {el["data"]["id"]: el for el in els if "source" not in el["data"]}
    named = [i for i, el in nodes.items() if "named" in el["classes"].split()]
    assert len(named) == min(NETWORK_LABELS, spokes + 1)
    assert "1" in named and "2" in named
    assert nodes["1"]["data"]["size"] > nodes["2"]["data"]["size"] > nodes[str(spokes + 1)]["data"]["size"]
    assert nodes["1"]["data"]["font"] > nodes[str(spokes + 1)]["data"]["font"]


def test_the_stylesheet_names_only_named_nodes() -> None:
    from newsgraph.web.ui_views import CYTO_STYLE

    by_selector = {rule["selector"]: rule["style"] for rule in CYTO_STYLE}
    assert "label" not in by_selector["node"]
    assert by_selector["node.named"]["label"] == "data(label)"


def test_records_without_a_background_field_are_foreground() -> None:
    from newsgraph.web.ui_views import is_background

    assert not is_background(_event(1, "ASSAULT", None))
    assert is_background(WithBackground(_event(1, "ASSAULT", None), background=True))
