"""Events in wire copy, end to end through Pipeline.extract: faults found on held-out wire
paragraphs written for the purpose (datelines with dates, participle adjuncts, launched weapons,
speakers that are no places, headline passives, claims of responsibility, caveat sentences)."""

from __future__ import annotations

from newsgraph.model import Event
from newsgraph.nlp.pipeline import Pipeline

PUBLISHED = "2024-09-27"


def _events(pipeline: Pipeline, text: str) -> list[Event]:
    """Every record, statements (verbal acts kept apart from the events) included, in text order."""
    ex = pipeline.extract(text, published=PUBLISHED)
    return sorted((*ex.events, *ex.statements), key=lambda e: e.trigger.start)


def _one(events: list[Event], trigger: str) -> Event:
    found = [e for e in events if e.trigger_text.startswith(trigger)]
    assert len(found) == 1, [(e.trigger_text, e.type) for e in events]
    return found[0]


def _covering(events: list[Event], text: str, words: str) -> Event:
    """The one event whose sentence or evidence (a merged further mention) holds ``words``."""
    at = text.index(words)
    found = [e for e in events if any(s.start <= at < s.end for s in (e.sentence, *e.evidence))]
    assert len(found) == 1, [(e.trigger_text, e.type) for e in events]
    return found[0]


def _actors(e: Event) -> list[str]:
    return [a.text for a in e.actors]


def test_a_dateline_with_a_date_is_not_the_subject(pipeline: Pipeline) -> None:
    text = "PORT SUDAN, Sudan, Sept 26 (Reuters) - Sudan's army said on Thursday it had recaptured the Halfaya bridge."
    e = _one(_events(pipeline, text), "recaptured")
    assert "PORT SUDAN" not in _actors(e) and e.attributed_to != "PORT SUDAN", e
    killed = _one(_events(pipeline, "ABUJA, March 4 (Reuters) - Gunmen killed at least 12 people."), "killed")
    assert _actors(killed) == ["Gunmen"] and killed.fatalities == 12


def test_a_participle_adjunct_takes_the_main_clauses_subject(pipeline: Pipeline) -> None:
    text = "Gunmen on motorbikes descended on the village at dawn, killing 12 people."
    killing = _one(_events(pipeline, text), "killing")
    assert _actors(killing) == ["Gunmen on motorbikes"] and killing.fatalities == 12, killing
    # ...but not the patient of a passive main clause
    killing = _one(_events(pipeline, "The village was surrounded at dawn, killing nine people."), "killing")
    assert not killing.actors, killing


def test_a_strike_and_the_toll_of_its_adjunct_are_one_event(pipeline: Pipeline) -> None:
    text = "A Russian missile slammed into an apartment building in Dnipro on Friday, killing nine people."
    events = _events(pipeline, text)
    assert len(events) == 1, [(e.trigger_text, e.type) for e in events]
    slammed = events[0]  # "slammed into" is a hit, not an accusation
    assert slammed.type == "ASSAULT" and slammed.fatalities == 9 and _actors(slammed) == ["A Russian missile"]
    assert "nine people" in [t.text for t in slammed.targets] and slammed.place is not None


def test_launching_weapons_is_an_attack_and_a_speaker_is_no_place(pipeline: Pipeline) -> None:
    text = (
        "Ukraine's air force said Russia launched 40 drones and six missiles overnight, and that air "
        "defenses shot down 31 of the drones."
    )
    events = _events(pipeline, text)
    launched = _one(events, "launched")
    assert launched.type == "ASSAULT" and _actors(launched) == ["Russia"], launched
    assert all(e.place is None or e.place.country_code != "RU" for e in events), [e.place for e in events]
    # "launched a campaign" is no attack
    assert not any(e.type == "ASSAULT" for e in _events(pipeline, "The ministry launched a campaign."))


def test_a_headline_passive_makes_the_dead_targets(pipeline: Pipeline) -> None:
    text = (
        "Militants attack army post in Burkina Faso, dozens of soldiers killed\n\n"
        "Islamist militants attacked an army post on Saturday, two security sources said.\n"
    )
    # the headline is one report of the lead's attack (within-document coreference): the dead it
    # names are that event's targets, never its actors
    event = _covering(_events(pipeline, text), text, "dozens of soldiers killed")
    targets = [t.text for t in event.targets]
    assert "dozens of soldiers" in targets and "dozens of soldiers" not in _actors(event), event


def test_a_claim_of_responsibility_names_the_attacker(pipeline: Pipeline) -> None:
    bombing = _one(
        _events(pipeline, "Al-Shabaab claimed responsibility for the bombing in Mogadishu."), "bombing"
    )
    assert _actors(bombing) == ["Al-Shabaab"] and bombing.status == "claimed", bombing
    text = "The attack on the base was claimed by JNIM in a statement on Sunday."
    attack = _one(_events(pipeline, text), "attack")
    assert _actors(attack) == ["JNIM"] and attack.status == "claimed" and attack.attributed_to == "JNIM"


def test_a_caveat_sentence_makes_the_previous_report_unverified(pipeline: Pipeline) -> None:
    text = "Ukrainian drones attacked an oil refinery in Volgograd. The claim could not be independently verified."
    assert _one(_events(pipeline, text), "drones attacked").status == "unverified"
    # a caveat on something else leaves the report as it was
    text = "Rebels shot down a helicopter near Goma. Reuters could not confirm whether the pilots survived."
    assert _one(_events(pipeline, text), "shot").status == "reported"


def test_a_time_word_is_no_actor(pipeline: Pipeline) -> None:
    text = "Gunmen abducted dozens of villagers in an overnight raid on a village in Zamfara state."
    assert all("overnight" not in _actors(e) for e in _events(pipeline, text))


def test_no_comment_is_no_rejection(pipeline: Pipeline) -> None:
    assert not _events(pipeline, "The Kremlin declined to comment on Prigozhin's whereabouts.")
    refused = _one(
        _events(pipeline, "Haniyeh refused to respond to a demand from the US president."), "refused"
    )
    assert refused.type == "REJECT"


def test_a_weapon_that_hits_is_an_attack(pipeline: Pipeline) -> None:
    hit = _one(
        _events(pipeline, "Their patrol was hit by an improvised explosive device near Sangin."), "hit"
    )
    assert hit.type == "ASSAULT" and [t.text for t in hit.targets] == ["Their patrol"], hit
    assert not _events(pipeline, "The economy was hit by inflation.")
    assert not _events(pipeline, "Prices hit a record high in March.")


def test_a_running_total_brought_to_a_figure_is_a_claim_not_an_event(pipeline: Pipeline) -> None:
    text = (
        "Two soldiers were killed in Helmand province on Thursday, the Ministry of Defence said. "
        "The deaths bring the number of British troops killed in Afghanistan since 2001 to 392."
    )
    ex = pipeline.extract(text, published=PUBLISHED)
    # the running total's triggers are kept with their evidence, flagged background
    current = [e.trigger_text for e in ex.events if not e.background]
    assert current == ["killed"], [(e.trigger_text, e.background) for e in ex.events]
    claim = next(c for c in ex.claims if c.value == "392")
    assert claim.subject == "number of British troops killed in Afghanistan since 2001", claim
    assert claim.date is not None and claim.date.isoformat() == PUBLISHED  # as of now, not 2001


def test_an_undated_time_word_does_not_hide_the_date_beside_it(pipeline: Pipeline) -> None:
    text = "President Volodymyr Zelenskyy visited Dnipro later on Friday and met rescue workers."
    visited = _one(_events(pipeline, text), "visited")
    assert visited.date_start is not None and visited.date_start.isoformat() == "2024-09-27", visited
    assert visited.time_precision == "day"


def test_a_province_before_an_office_is_a_place(pipeline: Pipeline) -> None:
    text = "Nine people were killed, Dnipropetrovsk regional governor Serhiy Lysak said."
    ex = pipeline.extract(text, published=PUBLISHED)
    assert not [m for m in ex.mentions if m.text == "Dnipropetrovsk" and m.actor_key], ex.mentions
    assert any(p.text == "Dnipropetrovsk" and p.resolved for p in ex.places), ex.places


def test_what_a_weapon_is_fired_at_is_the_target(pipeline: Pipeline) -> None:
    text = "Yemen's Houthi rebels fired an anti-ship ballistic missile at a Greek-owned tanker on Monday."
    fired = _one(_events(pipeline, text), "fired")
    assert [t.text for t in fired.targets] == ["a Greek-owned tanker"], fired.targets


def test_armed_destruction_is_an_attack(pipeline: Pipeline) -> None:
    text = "Central Command said its forces destroyed two mobile missile launchers in Yemen."
    destroyed = _one(_events(pipeline, text), "destroyed")
    assert destroyed.type == "ASSAULT" and _actors(destroyed) == ["its forces"]
    assert not _events(pipeline, "The fire destroyed three homes.")


def test_seasons_holidays_and_a_sure_day_beside_a_time_of_day(pipeline: Pipeline) -> None:
    def dates(text: str, published: str = "2024-06-12") -> list[tuple[str, str | None]]:
        ex = pipeline.extract(text, published=published)
        return [(t.text, t.start_date.isoformat() if t.start_date else None) for t in ex.times]

    assert dates("The offensive began in the spring of 2022.") == [("the spring of 2022", "2022-03-01")]
    assert dates("On Christmas Eve, a drone struck the market.") == [("Christmas Eve", "2023-12-24")]
    assert dates("Troops will withdraw by Christmas Day.") == [("Christmas Day", "2024-12-25")]
    assert dates("Missiles hit Kyiv on New Year's Eve 2022.") == [("New Year's Eve 2022", "2022-12-31")]
    ex = pipeline.extract("The ceasefire took effect at midnight on Sunday.", published="2024-06-12")
    assert [e.date_start.isoformat() for e in ex.events if e.date_start] == ["2024-06-09"]


def test_a_side_that_lost_soldiers_is_their_unit_not_their_killer(pipeline: Pipeline) -> None:
    text = (
        "Soldiers of Ukraine's 47th Mechanized Brigade repelled a Russian assault near Avdiivka on Monday. "
        "The 47th Brigade lost two soldiers in the fighting."
    )
    ex = pipeline.extract(text, published=PUBLISHED)
    # "lost two soldiers in the fighting" is the repelled assault told again: one event, whose
    # dead belong to the brigade and whose actor is never the brigade that lost them
    lost = _covering(list(ex.events), text, "lost two soldiers")
    assert "47th Brigade" not in " ".join(_actors(lost)) and lost.fatalities == 2, lost
    assert [(t.text, t.unit) for t in lost.targets] == [("two soldiers", "47th Brigade")]
    # the short name of the unit is the unit named in full earlier
    keys = {m.text: m.actor_key for m in ex.mentions if m.label == "ORG"}
    assert keys["47th Brigade"] == keys["47th Mechanized Brigade"] is not None, keys
    lost_town = _one(_events(pipeline, "The army lost control of Bakhmut."), "lost")
    assert lost_town.mode == "territory"


def test_ground_nouns_bare_numbers_and_a_concessive_clause(pipeline: Pipeline) -> None:
    captured = _one(_events(pipeline, "Rebels captured two army positions near Kidal."), "captured")
    assert captured.mode == "territory", captured
    assert _one(_events(pipeline, "Police seized weapons from the town."), "seized").type == "COERCE"
    # a headline's bare number is the toll
    kills = _one(_events(pipeline, "Junta air strike kills 20 in Sagaing village"), "kills")
    assert kills.fatalities == 20, kills
    # "Rwanda denies X, though experts say Y": Y is the experts' report, not denied
    text = "Rwanda denies backing the M23, though U.N. experts say Rwandan troops are fighting alongside the rebels."
    fighting = _one(_events(pipeline, text), "fighting")
    assert fighting.status == "reported" and not fighting.negated, fighting
    backing = _one(_events(pipeline, text), "backing")
    assert backing.status == "denied", backing


def test_the_accused_state_is_the_target_and_the_doer_of_what_it_is_accused_of(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Ethiopia accuses Eritrea of massing troops on the border.")
    accuses = _one(events, "accuses")
    assert [t.text for t in accuses.targets] == ["Eritrea"], accuses
    assert accuses.place is None or accuses.place.name != "Eritrea", accuses.place
    massing = _one(events, "massing")
    assert _actors(massing) == ["Eritrea"] and massing.status == "alleged", massing


def test_exchanging_fire_and_a_two_word_capital_dateline(pipeline: Pipeline) -> None:
    text = (
        "ISLAMABAD (AP) — Pakistani and Afghan border forces exchanged fire at the Torkham crossing late "
        "Tuesday, killing one Pakistani soldier and wounding three Afghan guards, officials said."
    )
    fire = _one(_events(pipeline, text), "exchanged")
    assert fire.type == "ASSAULT" and fire.fatalities == 1 and fire.injured == 3, fire
    assert "fire" not in [t.text for t in fire.targets]
    doc = pipeline.nlp("ADDIS ABABA (Reuters) - Ethiopia's government accused Eritrea of massing troops.")
    assert [s.text.strip() for s in doc.sents][0] == "ADDIS ABABA (Reuters) -"


def test_a_named_persons_movements_feed_whereabouts(pipeline: Pipeline) -> None:
    fled = _one(_events(pipeline, "Former president Bashar al-Assad fled to Moscow on Sunday."), "fled")
    assert (fled.type, fled.mode, _actors(fled)) == ("CONSULT", "presence", ["Bashar al-Assad"]), fled
    assert fled.place is not None and fled.place.country_code == "RU"
    events = _events(pipeline, "Abu Mohammed al-Jolani returned to Damascus after visiting Idlib.")
    assert _actors(_one(events, "returned")) == ["Abu Mohammed al-Jolani"]
    assert _actors(_one(events, "visiting")) == ["Abu Mohammed al-Jolani"]  # the main clause's subject
    # crowds and troops moving are no one's whereabouts
    assert not _events(pipeline, "Thousands of civilians fled to Chad.")


def test_an_event_named_again_by_a_reaction_is_no_new_event(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "Lebanese Prime Minister Najib Mikati condemned the strike, calling it an escalation."
    )
    assert [e.type for e in events] == ["ACCUSE"], [(e.trigger_text, e.type) for e in events]
    # with a participant or a place of its own, the noun still reports the strike
    events = _events(pipeline, "Mikati condemned the Israeli strike on Khirbet Selm.")
    assert any(e.type == "ASSAULT" and e.trigger_text == "strike" for e in events)
