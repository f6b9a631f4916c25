"""ACLED sub-event types read off the clause (:mod:`newsgraph.nlp.events.acled`).

Sentences invented for these tests, one per cue, run through the real pipeline (spaCy model,
gazetteer, lexicon). Each names the trigger the event must come from and its sub-type; the
"Armed clash" cases check that fighting words and armed victims still make a battle.
"""

from __future__ import annotations

import pytest

from newsgraph.nlp.pipeline import Pipeline

CASES = [
    # means of attack
    ("Two soldiers were killed when their truck hit a landmine outside Kidal on Sunday.", "killed",
     "Remote explosive/landmine/IED"),
    ("A roadside bomb ripped through a minibus near Kandahar, killing four passengers.", "killing",
     "Remote explosive/landmine/IED"),
    ("A suicide bomber blew himself up at a police checkpoint in Bannu, killing three officers.", "killing",
     "Suicide bomb"),
    ("An unknown man threw a hand grenade into a crowded cafe in Mogadishu, wounding five people.",
     "threw", "Grenade"),
    ("Warplanes struck a bakery in the town of Ariha on Monday, killing nine people.", "struck",
     "Air/drone strike"),
    ("Artillery pounded the outskirts of Donetsk overnight, killing a woman.", "pounded",
     "Shelling/artillery/missile attack"),
    ("Dozens of residents suffered breathing problems after a chlorine attack on the town of Latamneh.",
     "chlorine attack", "Chemical weapon"),
    # victims: civilians with no armed opponent, or a battle
    ("Gunmen on motorbikes killed seven villagers near Bankass on Friday, a local official said.",
     "killed", "Attack"),
    ("Rebels and government troops clashed near the airport, leaving six fighters dead.", "clashed",
     "Armed clash"),
    ("Militants killed four soldiers in an ambush on an army convoy near Diffa.", "killed", "Armed clash"),
    # crowds
    ("Police fired live ammunition at demonstrators in the city centre, killing two protesters.",
     "fired", "Excessive force against protesters"),
    ("Riot police used tear gas and water cannon to disperse hundreds of protesters outside parliament.",
     "disperse", "Protest with intervention"),
    ("Protesters threw stones at police and burned tyres on the main road into Bamenda.", "threw",
     "Violent demonstration"),
    ("A mob beat to death a man accused of stealing a goat in a market near Kano.", "beat", "Mob violence"),
    ("Soldiers raped two women who had gone to fetch water outside the village.", "raped",
     "Sexual violence"),
    # strategic developments
    ("Police defused a bomb hidden under a parked car near the main bus station.", "defused",
     "Disrupted weapons use"),
    ("Troops seized a large cache of rockets and mortars in a farmhouse near Homs.", "seized",
     "Disrupted weapons use"),
    ("The army set up a new observation post on the hill overlooking the town.", "set up",
     "Headquarters or base established"),
    ("The district centre was handed over to the insurgents on Wednesday without any fighting.",
     "handed over", "Non-violent transfer of territory"),
    ("Government forces regained control of the town of Mahaday after two days of fighting.",
     "regained control", "Government regains territory"),
    # verb + object frames and weapons named by their kind
    ("Insurgents fired artillery rounds at an army camp near Palma.", "fired",
     "Shelling/artillery/missile attack"),
    ("Two mortar shells landed in a schoolyard in Aden on Thursday.", "landed",
     "Shelling/artillery/missile attack"),
    ("A device strapped to a bicycle went off near a checkpoint in Kirkuk.", "went off",
     "Remote explosive/landmine/IED"),
    ("Bandits took nine travellers hostage on the highway near Birnin Gwari.", "hostage",
     "Abduction/forced disappearance"),
    ("Gunmen seized two priests from a parish house in Enugu.", "seized", "Abduction/forced disappearance"),
    ("Police seized two suspects at a bus station in Jos.", "seized", "Arrests"),
    ("Gendarmes took the mayor into custody on Tuesday.", "custody", "Arrests"),
    ("Soldiers rounded up scores of young men in the market of Djibo.", "rounded up", "Arrests"),
    ("Customs officers recovered a large quantity of ammunition hidden in a lorry.", "recovered",
     "Disrupted weapons use"),
    ("Army engineers carried out a controlled explosion of an unexploded rocket found near a school.",
     "explosion", "Disrupted weapons use"),
    ("Rebels erected a roadblock on the road to Walikale.", "erected", "Headquarters or base established"),
    ("The two groups announced a merger under a single command.", "merger", "Change to group/activity"),
    ("Rioters set a bank on fire after the court ruling.", "fire", "Violent demonstration"),
    ("Villagers armed with clubs and knives fought each other over grazing land, leaving four dead.",
     "fought", "Mob violence"),
    ("A crowd set ablaze a suspected thief at a bus stop in Port Harcourt.", "set ablaze", "Mob violence"),
    ("Shells loaded with mustard agent struck a frontline village.", "struck", "Chemical weapon"),
    # the decisive cue in the next sentence
    ("An explosion ripped through a bus station in Quetta. Police said a man wearing an explosive vest "
     "set it off.", "explosion", "Suicide bomb"),
    ("Students marched on the ministry in Lilongwe. Police broke up the crowd with tear gas.", "marched",
     "Protest with intervention"),
    # who gained the ground: the dictionary's kind of the actor, not a word of its name ("State")
    ("Islamic State captured the town of al-Bab on Sunday.", "captured", "Non-state actor overtakes territory"),
    ("Government forces recaptured Palmyra from Islamic State.", "recaptured", "Government regains territory"),
    # ground left behind with no fight
    ("The militia withdrew from the airport and handed it to the army.", "withdrew",
     "Non-violent transfer of territory"),
]  # fmt: skip

#: Frames that must not fire: what they say is no such event.
TERRITORY_CASES = [
    # ground measured out one "of" below the object, and farmland, are ground
    ("Insurgents seized most of the ancient hilltop town on Friday.", "seized",
     "Non-state actor overtakes territory"),
    ("Army troops seized the olive farms south of Idlib on Monday.", "seized", "Government regains territory"),
    # a withdrawal after a fight hands no ground over peacefully
    ("The rebels took control of the market town after government troops withdrew following heavy clashes.",
     "took control", "Non-state actor overtakes territory"),
    ("The rebels took control of the market town without a fight after government troops withdrew.",
     "took control", "Non-violent transfer of territory"),
    # a surrender told of one taking is not the cue of another taking told in the same sentence
    ("Insurgents took control of the district after elders negotiated the surrender of its garrison, "
     "as the army said it had retaken two villages in the south.", "retaken", "Government regains territory"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "sub_type"), TERRITORY_CASES)
def test_territory_sub_type(pipeline: Pipeline, text: str, trigger: str, sub_type: str) -> None:
    found = {e.trigger_text: e.acled_sub_event_type for e in pipeline.extract(text).events}
    assert found.get(trigger) == sub_type, found


PEACEFUL_AND_FORCED_CASES = [
    # a crowd that dispersed by itself, or marched past a detained leader's portrait, met no intervention
    ("Hundreds of nurses marched through Kisumu on Friday before dispersing peacefully.", "marched",
     "Peaceful protest"),
    ("Students marched peacefully in Mandalay holding pictures of detained opposition leaders.", "marched",
     "Peaceful protest"),
    # (one event: "tear gas" and "disperse" are merged, the tear gas mention, which names the crowd, anchors it)
    ("Police fired tear gas to disperse the students who had marched peacefully to parliament.", "tear gas",
     "Protest with intervention"),
    # people pressed into an armed group: forced recruitment is "Other", a recruitment drive a change to the group
    ("Militiamen forcibly recruited twenty teenagers from a camp near Bunia last month.", "recruited", "Other"),
    ("The armed group recruited hundreds of new fighters in the north last year.", "recruited",
     "Change to group/activity"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "sub_type"), PEACEFUL_AND_FORCED_CASES)
def test_peaceful_march_and_forced_recruitment(
    pipeline: Pipeline, text: str, trigger: str, sub_type: str
) -> None:
    found = {e.trigger_text: e.acled_sub_event_type for e in pipeline.extract(text).events}
    assert found.get(trigger) == sub_type, found


CROWD_CASES = [
    # protesters destroying property: the protest turned violent
    ("On Friday, protesters burned the district council building in Kisii.", "burned", "Violent demonstration"),
    # a mob acting in a sentence that mentions a protest is still a mob
    ("In Kano, a mob beat to death a man accused of robbing a protester, police said.", "beat to death",
     "Mob violence"),
    # residents taking men and killing them: a lynching, no abduction
    ("On Monday, residents of Kenscoff seized two young men they accused of theft and set them alight.", "seized",
     "Mob violence"),
    # stones and petrol bombs thrown by a crowd: a riot, no grenade attack
    ("Dozens of young men threw stones and petrol bombs at soldiers near Hebron on Friday.", "threw",
     "Violent demonstration"),
    ("A man threw a hand grenade at a police post in Garissa on Friday.", "threw", "Grenade"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "sub_type"), CROWD_CASES)
def test_crowd_sub_type(pipeline: Pipeline, text: str, trigger: str, sub_type: str) -> None:
    found = {e.trigger_text: e.acled_sub_event_type for e in pipeline.extract(text).events}
    assert found.get(trigger) == sub_type, found


WITHDRAWAL_CASES = [
    # a withdrawal is of troops only when what is withdrawn is armed, a side or ground
    ("Teachers marched in Buea on Monday to demand the withdrawal of French-speaking teachers from their schools.",
     False),
    ("Protests continued in several towns despite the withdrawal of a contested finance bill.", False),
    ("The president withdrew the bill on Tuesday after weeks of protests.", False),
    ("The withdrawal of Russian troops from Kherson was completed on Friday.", True),
    ("Government forces withdrew from the town on Sunday and rebels entered it hours later.", True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fires"), WITHDRAWAL_CASES)
def test_withdrawal_is_of_armed_sides(pipeline: Pipeline, text: str, fires: bool) -> None:
    triggers = {e.trigger_text.lower() for e in pipeline.extract(text).events}
    assert bool(triggers & {"withdrawal", "withdrew"}) == fires, triggers


ACCEPT_CASES = [
    # accepting a deal or a ceasefire is agreeing to it; accepting a resignation is not
    ("The rebels accepted a ceasefire proposed by Qatar on Monday.", "Agreement"),
    ("Daraa rebels accept Russian deal", "Agreement"),
    ("The minister accepted the resignation of the army chief.", "Other"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "sub_type"), ACCEPT_CASES)
def test_accepting_a_deal_is_an_agreement(pipeline: Pipeline, text: str, sub_type: str) -> None:
    found = {e.trigger_text.lower(): e.acled_sub_event_type for e in pipeline.extract(text).events}
    assert found.get("accepted", found.get("accept")) == sub_type, found


NO_EVENT_CASES = [
    ("The plane landed at Bamako airport on Monday.", "landed"),
    ("Investigators found dozens of shell casings at the scene.", "found"),
    ("He died in custody two days later.", "custody"),
    ("The delegates set up a committee to draft the charter.", "set up"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger"), NO_EVENT_CASES)
def test_frame_does_not_fire(pipeline: Pipeline, text: str, trigger: str) -> None:
    assert trigger not in {e.trigger_text for e in pipeline.extract(text).events}


@pytest.mark.parametrize(("text", "trigger", "sub_type"), CASES)
def test_sub_type_from_clause(pipeline: Pipeline, text: str, trigger: str, sub_type: str) -> None:
    events = pipeline.extract(text).events
    found = {e.trigger_text: e.acled_sub_event_type for e in events}
    assert any(sub_type == e.acled_sub_event_type for e in events), found


def test_looting_inside_an_attack_is_the_attack(pipeline: Pipeline) -> None:
    text = (
        "Gang members stormed a village near Cabaret on Saturday, killing six civilians and torching homes."
    )
    events = [e for e in pipeline.extract(text).events if not e.background]
    assert {e.acled_sub_event_type for e in events} == {"Attack"}


def test_a_month_named_march_is_no_protest(pipeline: Pipeline) -> None:
    text = "Gunmen killed five farmers near the village of Dogo in March 2021."
    events = pipeline.extract(text).events
    assert [e.acled_sub_event_type for e in events if e.trigger_text == "killed"] == ["Attack"]


def test_drones_striking_is_no_labour_strike(pipeline: Pipeline) -> None:
    text = "Russian drones strike again in Odesa as air defences fire back."
    events = pipeline.extract(text).events
    assert not any(e.acled_sub_event_type == "Peaceful protest" for e in events), [
        (e.trigger_text, e.acled_sub_event_type) for e in events
    ]


# --- who acted: owners of the means, crowds, datelines -----------------------------------------

ACTOR_CASES = [
    # a weapon stands for whoever fired it: its modifier or the agent of "fired by"
    ("Turkish artillery pounded the border town of Tal Tamr, killing three fighters.", "pounded", "dict:turkey"),
    ("A ballistic missile fired by the Houthis slammed into a market in Marib city, killing four civilians.",
     "slammed", "dict:houthis"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "actor_key"), ACTOR_CASES)
def test_weapon_owner_is_the_actor(pipeline: Pipeline, text: str, trigger: str, actor_key: str) -> None:
    events = [e for e in pipeline.extract(text).events if e.trigger_text == trigger]
    assert events and events[0].actors and events[0].actors[0].actor_key == actor_key, [
        (e.trigger_text, e.actors) for e in events
    ]


def test_unnamed_firer_in_a_participle(pipeline: Pipeline) -> None:
    text = "Shells fired by government forces fell on the town of Douma, killing five people."
    events = pipeline.extract(text).events
    assert any(a.text == "government forces" for e in events for a in e.actors), [e.actors for e in events]


def test_the_crowd_is_actor1_of_a_protest(pipeline: Pipeline) -> None:
    text = "In Mombasa, police fired tear gas to disperse a few hundred people who had gathered outside the court."
    events = [
        e for e in pipeline.extract(text).events if e.acled_sub_event_type == "Protest with intervention"
    ]
    assert events, "no intervention event"
    first = events[0].actors[0]
    assert "people" in first.text and first.description and first.description.startswith("protesters")


def test_protesters_shot_dead_stay_victims(pipeline: Pipeline) -> None:
    text = "Soldiers shot dead two protesters in the town of Monywa on Saturday, witnesses said."
    event = next(e for e in pipeline.extract(text).events if e.trigger_text.startswith("shot"))
    assert event.actors and event.actors[0].text == "Soldiers"
    assert event.fatalities == 2


def test_dateline_city_is_no_actor(pipeline: Pipeline) -> None:
    text = "Nairobi, 12 March 2021 (AFP) - Gunmen killed four traders on the road to Garissa on Thursday."
    event = next(e for e in pipeline.extract(text).events if e.trigger_text == "killed")
    assert [a.text for a in event.actors] == ["Gunmen"]


def test_time_and_distance_are_no_actors(pipeline: Pipeline) -> None:
    text = "Militants attacked a checkpoint near Tillia, and hours later raided a village nearby."
    events = pipeline.extract(text).events
    assert not any(a.text.split()[-1] in ("hours", "later") for e in events for a in e.actors)


# --- occurrence: which words report an event of their own --------------------------------------

OCCURRENCE_CASES = [
    # (text, trigger, sub-type or None when the word must report no event)
    ("About 200 teachers gathered outside the ministry in Accra on Monday to demand unpaid wages.", "gathered",
     "Peaceful protest"),
    ("Rebels opened fire on soldiers gathered at the gate of the barracks.", "gathered", None),
    ("Barrel bombs dropped from a helicopter released a greenish gas over the village.", "released", None),
    ("The kidnappers released the two nurses on Friday, a local official said.", "released", "Other"),
    ("Rebel fighters entered the town of Kalehe on Tuesday without a fight after the army pulled back.",
     "entered", "Non-violent transfer of territory"),
    ("The attackers withdrew into the forest after setting fire to the school.", "withdrew", "Other"),
    ("French troops handed the Menaka base to the Malian army on Monday.", "handed",
     "Non-violent transfer of territory"),
    # a capitalised opening noun the tagger misreads as an auxiliary ("Shelling/AUX hit")
    ("Shelling hit a market in Douma on Tuesday.", "Shelling", "Shelling/artillery/missile attack"),
    # words that describe someone or a source, not an act
    ("A crowd lynched a man accused of stealing a goat in the market.", "accused", None),
    ("Two people died in the blast, a doctor said, asking not to be named.", "asking", None),
    ("Hundreds marched in Lviv in support of the army on Sunday.", "support", None),
    ("Gunmen armed with machetes attacked the village at night.", "armed", None),
    # a verb of hitting with no weapon named anywhere is no air strike
    ("Bandits struck a farming settlement near Gusau at dawn, killing 14 villagers.", "struck", "Attack"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "sub_type"), OCCURRENCE_CASES)
def test_occurrence(pipeline: Pipeline, text: str, trigger: str, sub_type: str | None) -> None:
    events = [e for e in pipeline.extract(text).events if e.trigger_text == trigger]
    if sub_type is None:
        assert not events, [(e.trigger_text, e.acled_sub_event_type) for e in events]
    else:
        assert events and events[0].acled_sub_event_type == sub_type, [
            (e.trigger_text, e.acled_sub_event_type) for e in events
        ]


NEGATION_CASES = [
    # (text, trigger, negated): what a negating head governs did not happen; its subject and the
    # clauses beside it did
    ("Diplomats worked through the night, averting the strike on Damascus.", "strike", True),
    ("Police prevented an attack on a church in Maiduguri.", "attack", True),
    ("The rebels failed to capture the town.", "capture", True),
    ("An attack on the base failed.", "attack", False),
    ("Security forces foiled a suicide bombing in Kirkuk on Friday, arresting two men.", "arresting", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "negated"), NEGATION_CASES)
def test_negating_heads(pipeline: Pipeline, text: str, trigger: str, negated: bool) -> None:
    event = next(e for e in pipeline.extract(text).events if e.trigger_text == trigger)
    assert event.negated is negated


# --- event places --------------------------------------------------------------------------------

PLACE_CASES = [
    # a bearing's "of" place is the point it is measured from, never the event's place
    ("Government troops were deployed to the Latakia province, on the Mediterranean coast north of Lebanon.",
     "deployed", "Latakia"),
    # "X township in Y region": the town, not the region ("in", unlike "the city of", is no container)
    ("A military jet bombed a village in Monywa township in central Myanmar's Sagaing region.", "bombed",
     "Monywa"),
    ("Gunmen killed six farmers near Kafr Nabl in Idlib province on Monday.", "killed", "Kafr Nabl"),
    # a town struck is where the attack happened
    ("Artillery shells hit Douma on Tuesday.", "hit", "Douma"),
    # a bearing from a reference town: the event is at the named village, not the reference
    ("Rebels seized the village of Khan al-Assal west of Aleppo on Monday.", "seized", "Khan al-Assal"),
    # the town inside the province or country the nearest-place rule found
    ("In Kaura, Kaduna State, gunmen killed six farmers on Sunday, police said.", "killed", "Kaura"),
    # the bureau's dateline city while the sentence names the event's own place
    ("BEIRUT (Reuters) - Air strikes killed 12 people in the town of Saraqeb on Monday.", "killed", "Saraqeb"),
    # a country fused into an adjective is no place
    ("Iran-backed militiamen attacked a checkpoint near the town of Mayadeen, killing two guards.",
     "attacked", "Mayadeen"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "trigger", "place"), PLACE_CASES)
def test_event_place(pipeline: Pipeline, text: str, trigger: str, place: str) -> None:
    event = next(e for e in pipeline.extract(text).events if e.trigger_text == trigger)
    assert event.place is not None and event.place.text == place, (event.place, event.place_reason)


def test_adjective_place_is_never_the_event_place(pipeline: Pipeline) -> None:
    text = "The Britain-based monitor said US-led coalition strikes killed nine fighters."
    for e in pipeline.extract(text).events:
        assert e.place is None or e.place.text not in ("Britain", "US"), (e.trigger_text, e.place)


def test_unnamed_attackers_are_described_acled_style(pipeline: Pipeline) -> None:
    text = (
        "Armed men burst into a house in Irapuato on Friday night and shot dead four members of one family."
    )
    event = next(e for e in pipeline.extract(text).events if e.trigger_text == "shot dead")
    assert event.fatalities == 4
    first = event.actors[0]
    assert first.text == "Armed men" and (first.description or "").startswith("unidentified armed group")


def test_vehicle_that_struck_a_mine_is_the_victim(pipeline: Pipeline) -> None:
    text = "Three soldiers were wounded when their truck struck a landmine near the village of Tessit."
    events = pipeline.extract(text).events
    assert not any("truck" in a.text for e in events for a in e.actors), [
        (e.trigger_text, e.actors) for e in events
    ]


def test_dateline_is_trimmed_off_a_participant(pipeline: Pipeline) -> None:
    text = (
        "Kismayo - A suicide bomber blew himself up at a hotel in Beledweyne on Sunday, killing five guests."
    )
    texts = [a.text for e in pipeline.extract(text).events for a in e.actors]
    assert texts and not any(t.startswith("Kismayo") for t in texts), texts
