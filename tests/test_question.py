"""Question analysis and the follow-up rewrite."""

import pytest

from assistant.followup import refers_back, rewrite
from assistant.question import analyse, contrast, looks_foreign


def test_yes_no_and_wh_questions():
    assert analyse("Can I get a keepsake course accredited?").kind == "yesno"
    assert analyse("Is it possible to accredit my course").kind == "yesno"
    assert analyse("What is social scanning?").wh == "what"
    assert analyse("Hi there, why did CASE publish this?").wh == "why"
    assert analyse("When was it issued?").wh == "when"


def test_context_sentences_do_not_decide_the_kind():
    info = analyse("I run a clinic. We don't do NHS work. Will CASE accredit our course?")
    assert info.kind == "yesno" and not info.negated


def test_negated_questions():
    assert analyse("Will CASE refuse to accredit a gender reveal course?").negated
    assert not analyse("Will CASE accredit a gender reveal course?").negated


def test_other_languages_are_recognised_and_english_is_not():
    assert looks_foreign("Est-ce que CASE accrédite les cours pour les échographies?")
    assert looks_foreign("Kann CASE einen Kurs für Ultraschall akkreditieren und ist das möglich?")
    assert not looks_foreign("Can CASE accredit a course for gender reveal scans?")
    assert not looks_foreign("gender reveal course accreditation?")


HISTORY = [
    {"role": "user", "content": "Can I get a gender reveal scanning course accredited?"},
    {"role": "assistant", "content": "No. ..."},
]


def test_follow_up_is_rewritten_with_the_earlier_question():
    standalone = rewrite("and what about focused courses?", HISTORY)
    assert standalone and "gender reveal" in standalone and "focused courses" in standalone


def test_standalone_question_is_not_rewritten():
    assert rewrite("Does CASE accredit individual sonographers?", HISTORY) is None
    assert not refers_back("What is the definition of social scanning in the statement?")


def test_no_history_no_rewrite():
    assert rewrite("and what about focused courses?", []) is None


def test_polite_requests_are_read_as_the_question_inside():
    assert analyse("can u tell me what social scanning means").kind == "wh"
    assert analyse("Could you please explain why CASE issued this?").wh == "why"


def test_procedures_are_recognised():
    assert analyse("How do I apply for accreditation?").procedure
    assert analyse("What are the steps to get a course accredited?").procedure
    assert not analyse("How many hours of placement are needed?").procedure
    assert not analyse("Can I get a course accredited?").procedure


def test_questions_about_two_things_together_are_recognised():
    assert analyse("Would they accept a programme covering diagnosis as well as keepsake imaging?").combined
    assert analyse("Is a course that teaches both X and Y accredited?").combined
    assert not analyse("Is a course that teaches X accredited?").combined
    assert not analyse("Do you accredit PgC or MSc awards?").combined


def test_the_asked_thing_is_the_phrase_after_which_or_what_or_after_be():
    from assistant.question import focus_words

    assert focus_words("Which hospitals take trainees from accredited courses?") == ["hospitals"]
    assert focus_words("What entrance exams must trainees pass?") == ["entrance", "exams"]
    assert focus_words("Which panel would hear a complaint?") == ["panel"]
    assert focus_words("Can an accredited course be franchised to a partner?") == ["franchised"]
    # no asked-for phrase: "what is", "what kinds of", a verb right after "what", "be able to"
    assert focus_words("What is a focused course?") == []
    assert focus_words("What kinds of awards exist?") == []
    assert focus_words("What makes a course eligible?") == []
    assert focus_words("Will graduates be able to register?") == ["able"]  # a frame word: dropped later


def test_names_are_capitalised_words_inside_a_sentence_unless_every_word_is_capitalised():
    from assistant.question import proper_names

    assert proper_names("Is the PgC at Keele University accredited?") == ["PgC", "Keele", "University"]
    assert proper_names("Are courses approved by the HCPC?") == ["HCPC"]
    assert proper_names("Hi. Can I register after the course?") == []  # sentence starts and "I"
    assert proper_names("CAN I GET MY KEEPSAKE SCAN COURSE ACCREDITED") == []


def test_a_question_about_what_a_named_body_does():
    from assistant.question import named_subject

    assert named_subject("What does the Health and Care Professions Council expect of sonographers?") == (
        ["health", "care", "professions", "council"], "expect")
    assert named_subject("How would the NHS use the scans?") == (["nhs"], "use")
    assert named_subject("What does a sonographer do?") is None  # not a name
    assert named_subject("What is social scanning?") is None


def test_a_name_inside_an_indefinite_description_only_places_the_case():
    from assistant.question import proper_names

    assert proper_names("Could a hospital trust in Cardiff run an accredited keepsake course?") == []
    assert proper_names("Can our unit in Bristol teach fetal sexing?") == []
    assert proper_names("Is the PgC run by Cardiff University accredited?") == ["PgC", "Cardiff", "University"]


def test_how_to_inside_a_relative_clause_describes_rather_than_asks_for_steps():
    assert not analyse("Would CASE accredit a workshop that teaches how to print 3D baby pictures?").procedure
    assert analyse("Is there a workshop which shows how to scan, and how do we get it accredited?").procedure
    assert analyse("Could you explain how to submit a course?").procedure


def test_alternative_questions_are_split_at_a_restricting_or():
    from assistant.question import split_alternatives

    assert split_alternatives("Can nurses be accredited by CASE, or only whole programmes?") == (
        "Can nurses be accredited by CASE", "only whole programmes")
    assert split_alternatives("Is it my practice that gets approved or is it the training?") == (
        "Is it my practice that gets approved", "is it the training")
    assert analyse("Do they approve practitioners or merely courses").alternative
    # A disjunction inside one thing, "or not", and "yes or no" offer no alternatives.
    assert split_alternatives("Can I register with a PgC or a PgD?") is None
    assert split_alternatives("Will my course be accredited or not?") is None
    assert not analyse("Just tell me yes or no: is it allowed?").alternative


def test_two_purposes_are_recognised_in_the_whole_message():
    assert analyse("Our MSc teaches vascular ultrasound, but there's also a module on 4D portraits. Is that allowed?").combined
    assert analyse("We cover diagnosis; the course also includes a baby-photo session. Could it be approved?").combined
    assert analyse("It is a diagnostic course plus a short unit on sexing scans. Can CASE accredit it?").combined
    assert analyse("We teach gender scans alongside our diagnostic work. Would CASE accredit us?").combined
    # A second question, or two people, is not a second purpose.
    assert not analyse("Does CASE accredit PgCs? Also, how long does accreditation take?").combined
    assert not analyse("Both my colleague and I run a clinic. Can our course be accredited?").combined


def test_a_question_after_an_introductory_phrase_is_read_from_its_verb():
    for text in ("Going by the published definition, would a sexing-only scan at 16 weeks be social scanning?",
                 "In your reading of the statement, is statutory regulation needed?"):
        assert analyse(text).kind == "yesno", text
    assert analyse("For a programme lead, what does the statement say about focused courses?").wh == "what"


def test_indirect_and_colon_introduced_yes_no_questions_are_yes_no():
    for text in ("We would appreciate it if you could check whether a PgD in vascular ultrasound is in scope.",
                 "I'm not sure if the statement applies to focused courses.",
                 "One quick query for our handbook: does the statement cover focused courses?"):
        assert analyse(text).kind == "yesno", text
    assert analyse("Could you tell me what social scanning means?").wh == "what"


def test_an_email_whose_question_has_no_question_mark_is_read_from_that_sentence():
    email = ("Dear CASE,\n\nWe run a diagnostic vascular ultrasound PgC.\n"
             "We would be grateful if you could confirm whether it is eligible for accreditation.\n\nKind regards,\nAlex Lee")
    assert analyse(email).kind == "yesno"


def test_an_indirect_wh_question_stays_a_wh_question():
    assert analyse("I'd like to know what happens if our accreditation lapses.").wh == "what"
    assert analyse("We'd like to check how long it takes if we apply in May.").wh == "how"


def test_a_tag_question_asks_whether_the_thing_holds():
    # "no" answers both forms when CASE won't: the statement's own "not" doesn't negate the question
    for q in ("CASE would never endorse a gender scan module, would it?", "CASE accredits keepsake courses, doesn't it?"):
        info = analyse(q)
        assert (info.kind, info.negated) == ("yesno", False), q
    # a relative "whose" inside the statement doesn't make it a wh-question
    assert analyse("So CASE wouldn't back a module whose point is selling photos, would it?").kind == "yesno"


def test_the_question_after_a_long_condition_is_read_on_its_own():
    info = analyse("If a studio scans a pregnant woman just for a photo, with no midwife asking for it, is that social scanning?")
    assert info.kind == "yesno"
    assert analyse("When a course is run by a private clinic, can it be accredited?").kind == "yesno"
    assert analyse("When was the statement issued?").wh == "when"  # no condition: still a wh-question


def test_who_acts_is_read_from_a_bare_plural_subject_or_a_passive_agent():
    from assistant.question import actor_words

    assert actor_words("Are physiotherapists allowed to perform MSK scans?") == ["physiotherapists"]
    assert actor_words("Can students on a focused course register?") == ["students"]
    assert actor_words("What is CASE's position on scans performed by paramedics?") == ["paramedics"]
    assert actor_words("Are courses run by private clinics accredited?") == ["courses", "clinics"]
    assert actor_words("Is fetal sexing always social scanning?") == []


def test_the_asked_verb_follows_a_one_word_subject():
    from assistant.question import asked_verb

    assert asked_verb("Does CASE fund students?") == "fund"
    assert asked_verb("Can I complain to CASE?") == "complain"
    assert asked_verb("Do accredited courses cover cardiac scans?") is None  # a longer subject
    assert asked_verb("Is CASE a regulator?") is None  # a copula


def test_a_negative_leading_auxiliary_does_not_negate_the_question():
    # "Doesn't X mean Y?" asks whether X means Y; the answer is "yes" when it does
    assert analyse("Doesn't a CASE accredited PgD let me register as a sonographer?").negated is False
    assert analyse("Isn't social scanning also about scans of non-pregnant people?").negated is False
    # a "not" inside the question still negates it
    assert analyse("Is it true that CASE won't accredit keepsake courses?").negated is True
    # so does asking about a refusal
    assert analyse("Does the refusal to accredit keepsake courses cover focused ones?").negated is True


def test_the_question_clause_after_the_scene_is_a_candidate_for_what_is_asked():
    from assistant.evidence import question_clauses

    s = "paid £60 at a shop on the high street, just to see the baby - would CASE call that social scanning?"
    assert question_clauses(s) == [s, "would CASE call that social scanning?"]
    assert question_clauses("Can CASE accredit my course?") == ["Can CASE accredit my course?"]
    # a tail that is not a question, or says too little, is not one
    assert question_clauses("Is it social scanning, in your view?") == ["Is it social scanning, in your view?"]
    assert question_clauses("I run a studio, is it?") == ["I run a studio, is it?"]


def test_chat_spellings_of_question_words_are_question_words():
    assert analyse("wot does CASE mean by social scanning??").kind == "wh"
    assert analyse("whats social scanning").wh == "what"


def test_an_imperative_request_to_be_told_is_what_is_asked():
    from assistant.evidence import asked_sentences

    text = "ive put everything into my studio. my family depends on it. just tell me CASE will sign off my keepsake course"
    assert asked_sentences(text) == ["just tell me CASE will sign off my keepsake course"]


def test_a_polite_wh_question_inside_an_email_is_a_wh_question():
    info = analyse("Dear team,\nI'm writing a lecture on scope of practice.\nCould you tell me when the statement came out?\nThanks, Sam")
    assert (info.kind, info.wh) == ("wh", "when")


def test_being_told_that_something_is_so_is_a_yes_no_question():
    assert analyse("just tell me CASE will sign off a course in keepsake scans").kind == "yesno"
    assert analyse("tell me what social scanning is").kind == "wh"


def test_the_asking_clause_after_a_long_scene_is_the_question():
    info = analyse("sonographer here - if a woman books a reassurance scan at a studio on the high street because "
                   "she is anxious, is that a social scan?")
    assert info.kind == "yesno"


def test_shapes_that_only_look_like_tags_or_conditions_keep_their_wh_word():
    assert analyse("When will CASE review its statement, do you know?").wh == "when"
    assert analyse("Why was my course refused, was it?").kind == "wh"
    assert analyse("tell me CASE will").kind != "yesno"


def test_a_contracted_negative_or_possessive_start_is_read_for_its_verb():
    from assistant.question import asked_verb

    assert asked_verb("Doesn't CASE fund students?") == "fund"
    assert asked_verb("Does CASE's board accredit courses?") is None


def test_a_leading_vocative_is_not_part_of_the_asked_clause():
    from assistant.evidence import question_clauses

    assert "you'd let my course through, wouldn't you?" in question_clauses("Auntie Jean, you'd let my course through, wouldn't you?")
    assert "can CASE accredit our course?" in question_clauses("Dr Patel, can CASE accredit our course?")
    # a condition or a discourse word is not someone addressed
    assert not any(c.startswith("so,") for c in question_clauses("If so, can CASE accredit it?"))
    from assistant.evidence import _VOCATIVE
    assert _VOCATIVE.match("However, can CASE accredit it?") is None and _VOCATIVE.match("CASE, can you help?")


def test_what_is_the_x_asks_for_x_unless_x_is_a_generic_head():
    from assistant.question import focus_words

    assert focus_words("What are the entry requirements for a CASE accredited PgC?") == ["entry", "requirements"]
    # the date, the reason: what is asked is what they are of
    assert focus_words("What is the date of the social scanning statement?") == []
    assert focus_words("What is social scanning?") == []


@pytest.mark.parametrize("text", [
    "CASE accredits any ultrasound course regardless of what it's for, right?",
    "CASE accredits courses, not people - correct?",
    "so social scanning means gender scans, right",
    "yo does a CASE PgC count for getting on the Register of Clinical Technologists",
])
def test_a_closing_tag_or_an_opener_leaves_a_yes_no_question(text):
    """The tag pattern sat inside a word-boundary group, so a tag ending in '?' never matched."""
    assert analyse(text).kind == "yesno"


def test_a_course_that_covers_both_is_combined():
    text = ("Half our scans are referred by consultants and the rest are keepsake sessions. We want one course that "
            "covers both. Could it be accredited?")
    assert analyse(text).combined
    assert not analyse("Could a course be accredited if it covers keepsake scans?").combined


@pytest.mark.parametrize(("text", "partial"), [
    ("Could a course that covers fetal sexing get CASE accreditation?", True),
    ("Our PgCert includes a session on telling the baby's sex. Can it be accredited?", True),
    ("If a clinic tells parents the sex during a scan, is that social scanning?", True),
    ("Can accredited courses teach fetal sexing within a full diagnostic obstetric programme?", True),
    ("As part of our business plan we want to run a keepsake course. Will CASE accredit it?", False),
    # all of it, not a part
    ("Will CASE accredit a course that only covers fetal sexing?", False),
    ("Can a sexing-only course that includes a workshop on 4D be accredited?", False),
    # what a term or a statement covers is asked, not a course's parts
    ("does that include taking souvenir pictures?", False),
    ("Does the statement cover focused courses?", False),
    ("Can I accredit a gender-reveal scanning course?", False),
])
def test_a_thing_said_to_be_one_part_of_a_course_or_scan(text: str, partial: bool) -> None:
    assert analyse(text).partial is partial


@pytest.mark.parametrize(("text", "found"), [
    ("CASE accredits courses, not individual people's practice - correct?", ("courses", ["individual", "people", "practice"])),
    ("CASE accredits courses rather than individual sonographers, right?", ("courses", ["individual", "sonographers"])),
    # "not just Y" adds Y; a contrast inside a condition ("after ...") is not what is claimed
    ("Does CASE want statutory regulation, not just course accreditation?", None),
    ("Can I register with the RCT after a focused course rather than a full award?", None),
    ("Will CASE not accredit my course?", None),
    ("Hi, not sure who to ask, will CASE accredit my course?", None),
])
def test_a_claim_that_sets_one_thing_against_another(text, found) -> None:
    got = contrast(text)
    assert (got.head, got.denied) == found if found else got is None


def test_the_not_of_a_contrast_does_not_ask_negatively() -> None:
    assert analyse("CASE accredits courses, not individuals?").negated is False
    assert analyse("Does CASE not accredit courses?").negated is True


def test_a_second_question_of_its_own_after_a_comma_and_or_is_an_alternative() -> None:
    """ "Does CASE expect X, or is Y also acceptable?" offers two answers (it was read as one question
    and answered by the rule on Y)."""
    from assistant.question import split_alternatives

    q = "Does CASE expect accredited courses to prepare students for NHS practice, or is private keepsake work also acceptable?"
    assert split_alternatives(q) == ("Does CASE expect accredited courses to prepare students for NHS practice",
                                     "is private keepsake work also acceptable")
    # "or" joining two things, not two questions
    assert split_alternatives("Does CASE accredit PgC, or MSc courses?") is None


def test_whether_or_not_negates_nothing():
    assert not analyse("Can I tell whether the person holding the probe is a hospital sonographer or not?").negated
    assert analyse("Can I not tell whether the person is a hospital sonographer?").negated


def test_a_question_after_a_comma_less_condition_starts_at_its_inverted_auxiliary():
    info = analyse("my course ends with a PgDip. if its CASE approved am i ok to sign up with the register afterwards")
    assert info.kind == "yesno"
    # no inverted auxiliary after the condition: not read as a yes/no question
    assert analyse("if it is approved then I register afterwards").kind == "other"


def test_what_practice_requires_is_a_practice_question():
    from assistant.question import asks_practice_permission

    assert asks_practice_permission("Do you have to be on the Register of Clinical Technologists to work as a sonographer in the NHS?")
    assert asks_practice_permission("My manager asked me to check: are physiotherapists allowed to perform diagnostic scans?")
    assert not asks_practice_permission("Can I register with the RCT after my CASE accredited MSc?")


def test_a_request_to_give_or_list_something_is_a_what_question():
    info = analyse("Can you give me a couple of examples of the kind of scans that count as social ones?")
    assert (info.kind, info.wh) == ("wh", "what")
    assert analyse("Can you list the awards that lead to registration?").wh == "what"
    assert analyse("Can CASE accredit my course?").kind == "yesno"


def test_a_long_dispute_that_asks_nothing_new_is_pushback():
    from assistant.followup import pushback

    assert pushback("My tutor says that answer is out of date, the rule changed last month and it's a yes now. "
                    "So it's yes, right?")
    assert not pushback("My tutor says CASE accredits echocardiography courses run by hospitals in Wales, is that right?")


def test_long_blank_runs_are_read_in_linear_time():
    import time

    from assistant import guard

    started = time.perf_counter()
    for blank in ("\r", "\u1680", " \t"):
        text = guard.check("if its approved can i" + blank * 3000 + "x", 8000).text
        analyse(text)
        asks_practice = __import__("assistant.question", fromlist=["asks_practice_permission"]).asks_practice_permission
        asks_practice(guard.check("Do you" + blank * 3000 + "x", 8000).text)
    small = time.perf_counter() - started
    started = time.perf_counter()
    analyse("if its approved can i x")
    assert small < 200 * max(time.perf_counter() - started, 0.001)
