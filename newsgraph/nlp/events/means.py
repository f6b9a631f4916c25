"""Means of attack and whose they are: "Israeli artillery", "shells fired by government forces".

Split out of :mod:`newsgraph.nlp.events.arguments`, which reads a means as the party that used it.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Token

from newsgraph.model import Mention

#: Participles that tie a force to its allies, not to who fired it: "government forces backed by
#: tribal fighters" are still the government's forces, and they acted.
SUPPORT_VERBS = frozenset({"back", "support", "aid", "assist", "accompany", "escort", "reinforce", "join",
                           "help", "arm", "train", "fund", "finance", "equip", "advise", "flank"})  # fmt: skip


#: Means of attack that stand for whoever fired or flew them: "Turkish artillery pounded",
#: "Russian drones struck", "a missile fired by the Houthis slammed into".
MEANS_NOUNS = frozenset({"artillery", "drone", "jet", "warplane", "plane", "aircraft", "helicopter", "gunship",
                         "missile", "rocket", "shell", "mortar", "tank", "strike", "airstrike", "raid",
                         "bombardment", "shelling", "defence", "defense", "navy", "warship", "bomber",
                         "force", "gunboat"})  # fmt: skip


def weapon_owner(tok: Token, by_token: Mapping[int, Mention]) -> Mention | None:
    """The named actor a means of attack belongs to: its modifier ("Israeli artillery", "regime or
    Russian air strikes", "the coalition's jets") or the agent that fired it ("shells fired by
    government forces"). None for a weapon named without its owner."""
    if tok.lemma_.lower() not in MEANS_NOUNS:
        return None
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
            for t in (child, *child.conjuncts):
                m = by_token.get(t.i)
                if m is not None and m.actor_key:
                    return m
    return None


def fired_by(tok: Token) -> Token | None:
    """Who fired a means of attack, when a participle says so: "a missile fired by the Houthis",
    "shells launched by the army", "rockets fired from Houthi positions" (the positions' owner)."""
    if tok.lemma_.lower() not in MEANS_NOUNS:
        return None
    for child in tok.children:
        if child.dep_ != "acl" or child.tag_ != "VBN" or child.lemma_.lower() in SUPPORT_VERBS:
            continue  # "forces backed by tribal fighters": the backers fired nothing of the forces'

        for prep in child.children:
            if prep.dep_ == "agent":
                return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None
