"""Cross-document resolution (newsgraph.kb.resolve): conservative for people, explainable."""

from __future__ import annotations

import pytest

from newsgraph.kb.resolve import Merge, name_signature, resolve_key, resolve_person, same_full_name

KNOWN = [
    "person:qassem soleimani",
    "person:ali khamenei",
    "person:mohammad ali jafari",
    "person:hossein hamedani",
    "person:bashar al assad",
]


@pytest.mark.parametrize(
    ("new", "into"),
    [
        ("person:soleimani", "person:qassem soleimani"),  # surname alone, one known person has it
        ("person:suleimani", "person:qassem soleimani"),  # ... spelled otherwise
        ("person:qasem soleimani", "person:qassem soleimani"),
        ("person:ghasem suleimani", "person:qassem soleimani"),
        ("person:mohammed ali jafari", "person:mohammad ali jafari"),
        ("person:muhammad ali jafari", "person:mohammad ali jafari"),
        ("person:mohammad jafari", "person:mohammad ali jafari"),  # middle name left out
        ("person:hussein hamadani", "person:hossein hamedani"),
        ("person:bashar assad", "person:bashar al assad"),  # particle dropped
    ],
)
def test_merges_variants_of_one_person(new: str, into: str) -> None:
    merge = resolve_key(new, KNOWN)
    assert merge is not None and merge.into == into
    assert merge.key == new and merge.reason  # every merge says why


@pytest.mark.parametrize(
    "new",
    [
        "person:mohammed ali allahdadi",  # same given names as Jafari, other surname
        "person:ali",  # a given name alone never merges
        "person:mohammad",
        "person:hassan nasrallah",  # nobody like him known
        "person:nasrallah",
        "person:qassem khamenei",  # right surname, wrong first name
    ],
)
def test_keeps_different_people_apart(new: str) -> None:
    assert resolve_key(new, KNOWN) is None


def test_two_ali_stay_apart() -> None:
    assert resolve_key("person:ali", ["person:ali hassan", "person:ali reza"]) is None
    assert resolve_person("person:ali", ["person:ali hassan"]) is None


def test_surname_shared_by_two_known_people_is_ambiguous() -> None:
    known = ["person:qassem soleimani", "person:ahmad soleimani"]
    assert resolve_key("person:soleimani", known) is None


def test_known_key_is_not_merged_with_itself() -> None:
    assert resolve_key("person:qassem soleimani", KNOWN) is None


def test_org_key_joins_dictionary_actor_by_alias() -> None:
    merge = resolve_key("org:hizballah", [])
    assert merge == Merge("org:hizballah", "dict:hezbollah", merge.reason if merge else "")
    assert resolve_key("org:some local council", []) is None


def test_signature_folds_transliteration() -> None:
    assert name_signature("Mohammed Ali Allahdadi") == name_signature("Muhammad Ali Allahdadi")
    assert name_signature("Mohammad Ali Jafari") != name_signature("Mohammed Ali Allahdadi")
    assert same_full_name("Qassem Soleimani", "Qasem Suleimani")
    assert same_full_name("Qassem Soleimani", "Esmail Qaani") is None
