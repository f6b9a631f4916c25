"""The cross-document merge rules on invented reports (no spaCy): each rule's veto and points, and
the merger's "as a whole" check that stops a chain of pairwise matches from snowballing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from newsgraph.kb.event_match import (
    _ambiguous_week,
    best_event,
    fits_another_week,
    only_week,
    weekday_carries,
)
from newsgraph.kb.events import headline_toll
from newsgraph.kb.merge_rules import (
    MERGE_POINTS,
    Place,
    Report,
    compare,
    names_as_province,
    names_place,
    sub_types,
    veto_reason,
)

HOMS = Place(1, "Homs", 34.73, 36.71, "SY", "SY.11", 1)
HOMS_PROVINCE = Place(2, "Homs Governorate", 34.5, 37.5, "SY", "SY.11", 3)
RASTAN = Place(3, "Ar Rastan", 34.93, 36.73, "SY", "SY.11", 1)  # ~22 km north of Homs
ALEPPO = Place(4, "Aleppo", 36.2, 37.16, "SY", "SY.09", 1)
SYRIA = Place(5, "Syria", 35.0, 38.0, "SY", None, 4)
DAMASCUS_PROVINCE = Place(6, "Damascus Governorate", 33.5, 36.3, "SY", "SY.13", 3)


def report(
    rid: int,
    *,
    day: str = "2024-06-03",
    until: str | None = None,
    place: Place | None = HOMS,
    actors: frozenset[int] = frozenset({7}),
    sub: str | None = "Air/drone strike",
    toll: int | None = 5,
    event: int | None = None,
    story: int | None = None,
) -> Report:
    start = dt.date.fromisoformat(day)
    return Report(
        id=rid,
        event_id=event if event is not None else rid,
        doc_id=f"doc{rid}",
        key=f"doc{rid}:0:5",
        date_start=start,
        date_end=dt.date.fromisoformat(until) if until else start,
        place=place,
        actor_ids=actors,
        named_actor_ids=actors,
        actor_names={7: "Russia"},
        words=frozenset(),
        sub_type=sub,
        fatalities=toll,
        story=story,
    )


def test_same_day_same_town_same_actor_merges_with_reasons() -> None:
    m = compare(report(1), report(2, toll=6))
    assert m is not None and m.points >= MERGE_POINTS
    assert "same day 2024-06-03" in m.reason and "same place Homs" in m.reason and "Russia" in m.reason


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (report(2, day="2024-06-05"), "different days"),
        (report(2, place=RASTAN), "different towns"),
        (report(2, place=ALEPPO), "different towns"),
        (report(2, actors=frozenset({8})), "names differ"),
        (report(2, sub="Abduction/forced disappearance"), "differ in kind"),
        (report(2, toll=500_000), "order of magnitude"),
        (report(2, day="2011-03-01", until="2024-06-30"), "wider than a month"),
        (report(2, place=DAMASCUS_PROVINCE), "not in"),
    ],
)
def test_vetoes(other: Report, why: str) -> None:
    assert compare(report(1), other) is None
    reason = veto_reason(report(1), other)
    assert reason is not None and why in reason


def test_a_month_wide_date_only_links() -> None:
    m = compare(report(1), report(2, day="2024-06-01", until="2024-06-30"))
    assert m is not None and m.link_only


def test_country_is_no_place_agreement_but_province_contains_its_town() -> None:
    country = compare(report(1, actors=frozenset()), report(2, place=SYRIA, actors=frozenset()))
    assert country is not None and not country.grounded  # neither place nor participants agree
    # Ar Rastan lies in Homs Governorate (Homs itself gives the province its name: see below).
    province = compare(report(1, place=RASTAN), report(2, place=HOMS_PROVINCE))
    assert province is not None and "lies in" in province.reason


def test_overnight_report_is_adjacent_day() -> None:
    m = compare(report(1, day="2024-06-03"), report(2, day="2024-06-04"))
    assert m is not None and "adjacent days" in m.reason


def test_no_snowball_a_report_must_fit_every_source_of_the_event() -> None:
    # The event already holds a Homs report and a report with only the province; a Rastan report
    # matches the province one, but not the Homs one: it stays out.
    members = {10: [report(1, event=10), report(2, place=HOMS_PROVINCE, event=10)]}
    assert best_event(report(3, place=RASTAN), members, set()) is None
    assert best_event(report(4), members, set()) is not None


def test_split_events_are_left_alone() -> None:
    members = {10: [report(1, event=10)]}
    assert best_event(report(2), members, {"doc1:0:5"}) is None


def test_story_adds_points_but_never_overrides_a_veto() -> None:
    plain = compare(report(1, story=None), report(2, story=None))
    same_story = compare(report(1, story=9), report(2, story=9))
    assert plain is not None and same_story is not None and same_story.points == plain.points + 2
    assert compare(report(1, story=9), report(2, story=9, place=ALEPPO)) is None


@pytest.mark.parametrize(
    ("figures", "toll"),
    [
        ([("reported", 9), ("reported", 12), ("reported", 10)], 9),
        ([("claimed", 40), ("reported", 12)], 12),  # the more reliable status wins, even if higher
        ([("confirmed", 14), ("reported", 9)], 14),
        ([], None),
    ],
)
def test_headline_toll_is_the_conservative_reliable_figure(
    figures: list[tuple[str, int]], toll: int | None
) -> None:
    assert headline_toll(figures) == toll


# --- merge3: weekday-only dates, named places, provinces without a code, riot sub-types --------

GAZA = Place(7, "Gaza", 31.50, 34.47, "PS", "PS.GZ", 1)
KHAN_YOUNIS = Place(8, "Khan Younis", 31.34, 34.31, "PS", "PS.GZ", 1)  # ~24 km from Gaza
BORNO_NO_CODE = Place(9, "Borno", 11.5, 13.0, "NG", None, 3)
MALLAM_FATORI = Place(10, "Mallam Fatori", 13.67, 13.34, "NG", "NG.27", 1)
KANO = Place(11, "Kano", 12.0, 8.52, "GH", "GH.01", 1)


def undated(rid: int, weekday: int | None, **kw: object) -> Report:
    return replace(report(rid, **kw), date_start=None, date_end=None, weekday=weekday)  # type: ignore[arg-type]


def test_weekday_only_report_joins_that_weekday_where_the_place_agrees() -> None:
    # 2024-06-03 is a Monday.
    m = compare(report(1), undated(2, 1))
    assert m is not None and m.points >= MERGE_POINTS and not m.link_only
    assert "same weekday" in m.reason
    assert veto_reason(report(1), undated(2, 2)) is not None  # a Tuesday is another day
    # Two undated reports of one weekday: nothing anchors either, so never a merge on their own;
    # but no veto (one event may hold both once a dated report anchors it). Two weekdays: a veto.
    both = compare(undated(1, 1), undated(2, 1))
    assert both is not None and both.link_only and both.points >= MERGE_POINTS
    assert veto_reason(undated(1, 1), undated(2, 3)) is not None
    assert veto_reason(report(1), undated(2, None)) == "undated report"
    # The weekday recurs every week: without a place agreement it is only a link.
    weak = compare(report(1), undated(2, 1, place=HOMS_PROVINCE))
    assert weak is not None and weak.link_only


def test_weekday_only_report_is_only_linked_when_two_weeks_fit() -> None:
    members = {10: [report(1, event=10)], 11: [report(2, day="2024-06-10", event=11)]}
    assert _ambiguous_week(undated(3, 1), members, set())
    assert not _ambiguous_week(undated(3, 1), {10: members[10]}, set())


def test_place_named_in_the_other_report_agrees_but_not_as_part_of_a_longer_name() -> None:
    assert veto_reason(report(1), report(2, place=RASTAN)) is not None
    named = replace(
        report(2, place=RASTAN), text="a bomb went off south of Homs, the mayor of Ar Rastan said"
    )
    m = compare(report(1), named)
    assert m is not None and "named in the other report" in m.reason
    strip = replace(report(2, place=KHAN_YOUNIS), text="a strike on a house in the southern Gaza Strip")
    assert names_place("the mayor of Jamundí said", Place(0, "Jamundí", 3.26, -76.54, "CO", None, 1))
    assert not names_place(strip.text, GAZA)
    assert compare(report(1, place=GAZA), strip) is None


def test_province_without_its_code_does_not_block_a_town_of_its_country() -> None:
    m = compare(report(1, place=MALLAM_FATORI), report(2, place=BORNO_NO_CODE))
    assert m is not None and "no province code" in m.reason
    assert compare(report(1, place=KANO), report(2, place=BORNO_NO_CODE)) is None  # another country


def test_mob_violence_is_in_the_violence_family() -> None:
    assert compare(report(1, sub="Attack"), report(2, sub="Mob violence")) is not None
    assert compare(report(1, sub="Armed clash"), report(2, sub="Mob violence")) is not None
    assert compare(report(1, sub="Mob violence"), report(2, sub="Abduction/forced disappearance")) is None


def test_one_sentences_sources_veto_only_together() -> None:
    # One outlet's sentence gave the event two sources: "killed" dated by the dateline (the 4th),
    # "ambushed ... on Monday" (the 3rd). A report of the 3rd fits the sentence as one report.
    dateline = replace(report(1, day="2024-06-06", event=10), doc_id="docA", sentence_start=40)
    monday = replace(report(2, event=10), doc_id="docA", sentence_start=40)
    assert best_event(report(3), {10: [dateline, monday]}, set()) is not None
    # In two sentences they are two reports, and the one of another day keeps the report out.
    apart = replace(monday, sentence_start=200)
    assert best_event(report(3), {10: [dateline, apart]}, set()) is None


ZAPORIZHZHYA = Place(12, "Zaporizhzhya", 47.85, 35.12, "UA", "UA.26", 1)
ZAPORIZHZHIA_OBLAST = Place(13, "Zaporizhzhia Oblast", 47.5, 35.8, "UA", "UA.26", 3)
NIGERIA = Place(14, "Nigeria", 9.0, 8.0, "NG", None, 4)


def test_transliterations_of_one_name_agree() -> None:
    assert names_place("a military base in Malam Fatori on Monday", MALLAM_FATORI)
    assert not names_place("the Zaporizhzhia Oblast", ZAPORIZHZHYA)  # the start of a longer name
    assert names_place("struck the city of zaporizhzhia", ZAPORIZHZHYA)
    assert not names_place("a base in Malam on Monday", MALLAM_FATORI)


def test_a_report_with_only_the_country_agrees_with_a_town_its_sentence_names() -> None:
    country = replace(
        report(1, place=NIGERIA), text="ISWAP fighters attacked a military base in Malam Fatori"
    )
    m = compare(country, report(2, place=MALLAM_FATORI))
    assert m is not None and "Mallam Fatori is named in the other report" in m.reason
    unnamed = compare(report(1, place=NIGERIA), report(2, place=MALLAM_FATORI))
    assert unnamed is not None and "named" not in unnamed.reason
    nowhere = replace(report(1, place=None), text="a base in Malam Fatori")
    placeless = compare(nowhere, report(2, place=MALLAM_FATORI))
    assert placeless is not None and "named in the other report" in placeless.reason


def test_the_regional_capital_of_a_province_is_the_town_of_its_name() -> None:
    capital = replace(
        report(1, place=ZAPORIZHZHIA_OBLAST),
        text="officials said the strike on the regional capital hit a block",
    )
    m = compare(capital, report(2, place=ZAPORIZHZHYA))
    assert m is not None and "regional capital" in m.reason
    plain = compare(report(1, place=ZAPORIZHZHIA_OBLAST), report(2, place=ZAPORIZHZHYA))
    # Without the phrase the town still gives the province its name: one point less than named as
    # its capital, one more than another town the province contains (merge4).
    assert plain is not None and plain.points == m.points - 1 and "gives its name" in plain.reason
    melitopol = Place(15, "Melitopol", 46.84, 35.37, "UA", "UA.26", 1)
    inside = compare(report(1, place=ZAPORIZHZHIA_OBLAST), report(2, place=melitopol))
    assert inside is not None and inside.points == plain.points - 1 and "lies in" in inside.reason


def test_overnight_span_meets_both_days_of_the_night() -> None:
    # "overnight" in a report published on the 4th resolves to the night 3rd -> 4th (two days,
    # nlp/time/relative.py _overnight): it agrees with a report of either day, not of the 6th.
    night = report(1, day="2024-06-03", until="2024-06-04")
    for day in ("2024-06-03", "2024-06-04"):
        m = compare(night, report(2, day=day))
        assert m is not None and "overlapping days" in m.reason and m.points >= MERGE_POINTS
    assert compare(night, report(2, day="2024-06-05")) is not None  # the next day: adjacent
    assert veto_reason(night, report(2, day="2024-06-06")) is not None


def test_headline_place_is_a_weak_fallback_for_a_report_without_one() -> None:
    placeless = report(1, place=None, actors=frozenset())
    m = compare(replace(placeless, headline_places=(HOMS,)), report(2, actors=frozenset()))
    assert m is not None and "in the headline" in m.reason and m.grounded
    assert not (compare(placeless, report(2, actors=frozenset())) or m).grounded  # no headline: no agreement
    # A headline place elsewhere agrees with nothing, and vetoes nothing either.
    far = compare(replace(placeless, headline_places=(ALEPPO,)), report(2, actors=frozenset()))
    assert far is not None and "in the headline" not in far.reason


# --- merge4: capital phrases, a province's namesake town, one explosion, weekday pairs, territories --

MOGADISHU = Place(16, "Mogadishu", 2.04, 45.34, "SO", "SO.02", 1)
KUNDUZ = Place(17, "Kunduz", 36.73, 68.86, "AF", "AF.24", 1)
KUNDUZ_PROVINCE = Place(18, "Kunduz", 36.87, 69.04, "AF", "AF.24", 3)
BENI = Place(19, "Beni", 0.49, 29.47, "CD", "CD.11", 1)
HYOSHA = Place(20, "Hyosha", 0.70, 29.52, "CD", "CD.11", 2)  # ~23 km north of Beni
BANKASS = Place(21, "Bankass", 14.08, -3.52, "ML", "ML.04", 2)
BANDIAGARA = Place(22, "Bandiagara", 14.35, -3.61, "ML", "ML.04", 1)  # ~32 km from Bankass


def test_a_capital_phrase_names_the_capital() -> None:
    placeless = report(1, place=None, actors=frozenset(), sub="Suicide bomb", toll=9)
    beach = replace(
        placeless, text="killed in yesterday's suicide bombing at a restaurant in the Somali capital"
    )
    other = report(2, place=MOGADISHU, actors=frozenset({8}), sub="Suicide bomb", toll=6)
    m = compare(beach, other)
    assert m is not None and "capital the other report names" in m.reason
    assert m.points >= MERGE_POINTS and not m.link_only
    bare = compare(placeless, other)
    assert bare is not None and bare.points == m.points - 2 and not bare.grounded
    # Another country's capital is not that city.
    iraqi = replace(placeless, text="a bombing in the Iraqi capital")
    assert "capital" not in (compare(iraqi, other) or bare).reason


def test_a_province_and_the_town_that_names_it_agree_and_one_explosion_is_told_two_ways() -> None:
    city = report(1, place=KUNDUZ, actors=frozenset(), sub="Suicide bomb", toll=12)
    province = report(
        2, place=KUNDUZ_PROVINCE, actors=frozenset(), sub="Remote explosive/landmine/IED", toll=18
    )
    m = compare(city, province)
    assert m is not None and m.points >= MERGE_POINTS
    assert "gives its name" in m.reason and "one explosion told two ways" in m.reason
    # An air strike and a shelling are one family, not one explosion: no point for it.
    strike = compare(report(1, sub="Air/drone strike"), report(2, sub="Shelling/artillery/missile attack"))
    assert strike is not None and "one explosion" not in strike.reason
    # Another province's town keeps its veto.
    assert compare(city, report(2, place=HOMS_PROVINCE)) is None


def test_an_undated_report_joins_an_event_that_holds_another_undated_one_of_its_weekday() -> None:
    # A dated report (Monday 2024-06-03) and an undated "on Monday" one are one event; a second
    # undated "on Monday" report fits both (the dated one anchors it), an undated "on Friday" not.
    members = {10: [report(1, event=10), undated(2, 1, event=10)]}
    found = best_event(undated(3, 1), members, set())
    assert found is not None and found[0] == 10 and found[1].points >= MERGE_POINTS and not found[1].link_only
    assert best_event(undated(4, 5), members, set()) is None
    # The undated pair may agree on more (one story): the dated match still decides, as a merge.
    storied = {10: [report(1, event=10), undated(2, 1, event=10, story=9)]}
    found = best_event(undated(3, 1, story=9), storied, set())
    assert found is not None and found[2].id == 1 and not found[1].link_only
    # Alone, two undated reports are only a link.
    alone = best_event(undated(3, 1), {11: [undated(2, 1, event=11)]}, set())
    assert alone is not None and alone[1].link_only


def test_a_citys_territory_reaches_further_than_near_the_city() -> None:
    placeless = replace(report(1, place=None, actors=frozenset()), headline_places=(BENI,))
    hyosha = report(2, place=HYOSHA, actors=frozenset())
    territory = compare(replace(placeless, text="the massacre of villagers in Beni territory"), hyosha)
    assert territory is not None and "in the headline" in territory.reason
    plain = compare(replace(placeless, text="the massacre of villagers in Beni"), hyosha)
    assert plain is not None and "in the headline" not in plain.reason
    # "Near Bankass" is no wider than near: a same-day attack 32 km away is another place.
    near = replace(report(1, place=BANKASS), text="an attack on a hamlet near Bankass")
    assert veto_reason(near, report(2, place=BANDIAGARA)) is not None
    countryside = replace(report(1, place=BANKASS), text="an attack in the Bankass countryside")
    assert veto_reason(countryside, report(2, place=BANDIAGARA)) is None


SOUM_SENEGAL = Place(23, "Soum", 14.08, -16.48, "SN", "SN.09", 1)
DJIBO = Place(24, "Djibo", 14.10, -1.63, "BF", "BF.12", 1)


def test_a_doubtful_namesake_abroad_does_not_veto() -> None:
    # "the Soum province" of Burkina Faso, geocoded to Soum in Senegal by a document that names
    # Burkina Faso and nothing in Senegal: no veto against Djibo (no agreement either).
    soum = replace(report(1, place=SOUM_SENEGAL), text="an attack in the Soum province the day before")
    assert veto_reason(soum, report(2, place=DJIBO)) is not None
    doubtful = compare(replace(soum, place_doubtful=True), report(2, place=DJIBO))
    assert doubtful is not None and "names nowhere else" in doubtful.reason
    assert names_as_province(soum.text, SOUM_SENEGAL)
    assert not names_as_province("an attack in Soum on Monday", SOUM_SENEGAL)


def test_reports_mark_a_town_called_a_province_abroad_as_doubtful() -> None:
    from newsgraph.kb.reports import _doubtful

    assert _doubtful(23, "SN", [(23, "SN"), (30, "BF")])
    assert not _doubtful(23, "SN", [(23, "SN"), (30, "BF"), (31, "SN")])  # the document names Senegal
    assert not _doubtful(23, "SN", [(23, "SN"), (30, "BF"), (32, "ML")])  # no single other country


def test_a_roundups_two_incidents_never_join_one_event() -> None:
    # One document told two incidents in two sentences naming two towns (the second's own place
    # unresolved): an event that holds the first cannot take the second, however well it scores.
    marib = replace(
        report(1, event=10, place=HOMS), doc_id="roundup", sentence_start=0, sentence_places=frozenset({1})
    )
    other = report(2, event=10)
    taiz = replace(
        report(3, place=None), doc_id="roundup", sentence_start=120, sentence_places=frozenset({3})
    )
    assert best_event(taiz, {10: [marib, other]}, set()) is None
    # A later sentence of the same document about the same place may join.
    again = replace(taiz, sentence_places=frozenset({1}))
    assert best_event(again, {10: [marib, other]}, set()) is not None


def test_a_mergeable_event_outranks_a_link_only_one_of_more_points() -> None:
    # Event 10 holds only an undated report of the weekday (a link, however many points: one
    # story); event 11 a dated one that anchors a merge.
    new = undated(3, 1, story=9)
    found = best_event(new, {10: [undated(1, 1, event=10, story=9)], 11: [report(2, event=11)]}, set())
    assert found is not None and found[0] == 11 and not found[1].link_only


# --- merge5: an event of weekday-only reports, cross-type violence, follow-ups -------------------


def test_a_dated_report_is_only_linked_to_weekday_only_reports_that_fit_another_week() -> None:
    # An undated "on Monday" report of the attack at Homs, a dated one of 2024-06-03 (a Monday)
    # that it fits, and a new report of another attack there three weeks on (also a Monday).
    monday = undated(2, 1, event=20)
    earlier = {10: [report(1, event=10)]}
    later = report(3, day="2024-06-24", event=30)
    assert fits_another_week(later, monday, earlier, set())
    # The report of the day the undated one also fits is no other week; nor is an event it vetoes.
    assert not fits_another_week(report(4, event=40), monday, earlier, set())
    assert not fits_another_week(later, monday, {10: [report(1, event=10, place=ALEPPO)]}, set())


def test_days_earlier_count_back_from_the_weekday_they_follow() -> None:
    from newsgraph.kb.reports import _weekday

    # "declared mourning on Thursday for the soldiers killed (trigger at 60) ... two days earlier"
    mentions = [(40, 48, "XXXX-WXX-4"), (90, 106, "P2D-EARLIER")]
    assert _weekday(mentions, (0, 120), 60) == 2  # Tuesday
    assert _weekday([(40, 48, "XXXX-WXX-1"), (90, 100, "P1D-EARLIER")], (0, 120), 60) == 7  # Sunday
    assert _weekday(mentions[:1], (0, 120), 30) == 4


def test_a_weekday_names_its_day_where_only_one_week_fits() -> None:
    one = {10: [report(1, event=10)]}
    assert only_week(undated(3, 1), 10, one, set())
    two = {**one, 11: [report(2, day="2024-06-10", event=11)]}
    assert not only_week(undated(3, 1), 10, two, set())
    # A week whose report the place vetoes does not fit; nor does one that is only a link.
    assert only_week(
        undated(3, 1), 10, {**one, 11: [report(2, day="2024-06-10", event=11, place=ALEPPO)]}, set()
    )
    assert not only_week(undated(3, 1, place=HOMS_PROVINCE), 10, one, set())


def test_a_call_for_an_inquiry_names_a_past_event() -> None:
    from newsgraph.kb.events import _INQUIRY_INTO

    assert _INQUIRY_INTO.search("called for a prompt and independent investigation into the ")
    assert _INQUIRY_INTO.search("demanded justice for the Monday ")
    # A warning of what may come, or a past attack recalled, is no inquiry into it.
    assert not _INQUIRY_INTO.search("The United Nations has warned that an ")
    assert not _INQUIRY_INTO.search("the government had promised after the earlier ")


def test_violent_sub_types_agree_at_one_place_and_day() -> None:
    clash, shelling = report(1, sub="Armed clash"), report(2, sub="Shelling/artillery/missile attack")
    m = compare(clash, shelling)
    assert m is not None and "violent sub-types" in m.reason
    assert sub_types(clash, shelling).points == 1
    # Another town, a province only, or a bare weekday: no more than compatible.
    assert sub_types(clash, replace(shelling, place=HOMS_PROVINCE)).points == 0
    assert sub_types(clash, undated(2, 1, sub="Shelling/artillery/missile attack")).points == 0
    # Never across kinds: a protest and an air strike stay apart wherever they are.
    assert veto_reason(report(1, sub="Peaceful protest"), report(2)) is not None


def test_a_weekday_alone_cannot_carry_a_dated_report_into_weekday_only_reports() -> None:
    # A raid at Homs on 2024-06-24 (a Monday) and an undated "on Monday" report there: place,
    # sub-type and toll agree (1 + 3 + 1 + 1 = 6) but without the weekday's point no merge.
    later = report(3, day="2024-06-24", event=30, actors=frozenset())
    monday = undated(2, 1, event=20, actors=frozenset())
    assert weekday_carries(later, [monday], set())
    # A shared actor as well: the rest carries the merge on its own.
    assert not weekday_carries(
        replace(later, actor_ids=frozenset({7})), [replace(monday, actor_ids=frozenset({7}))], set()
    )
