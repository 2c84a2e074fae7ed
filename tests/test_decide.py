"""Verdict rules of decide.py, end to end on the real corpus and index (no language model)."""

from assistant.answer import Verdict

PERSONAL = "Personal accreditation of an individual"


def test_an_alternative_question_is_answered_for_its_first_alternative(pipeline):
    """ "X or just Y?": the rule on Y (courses are accredited) must not answer X (individuals) yes."""
    for question in (
        "Would CASE accredit a sonographer personally, or only the courses they take?",
        "can case give individual accreditation to practitioners or is it just for training programmes",
    ):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.NO, (question, answer.stages)
        assert answer.citations[0].quote.startswith(PERSONAL)
        assert len({c.quote for c in answer.citations}) == 2  # the rule on the second alternative too


def test_a_course_described_with_a_second_purpose_in_the_background_depends(pipeline):
    """The rule refuses courses *solely* for social scanning; a course an email describes as clinical
    but with a keepsake unit too is not settled by it."""
    mixed = pipeline.ask("Our course trains staff in pregnancy scanning for clinical care, but there is also a unit "
                         "on keepsake 4D images for parents. Could that course be accredited?")
    assert mixed.verdict is Verdict.DEPENDS, mixed.stages
    assert len({c.quote for c in mixed.citations}) >= 2
    only = pipeline.ask("Our course trains staff in souvenir 4D images for parents. Could that course be accredited?")
    assert only.verdict is Verdict.NO, only.stages


def test_one_scan_like_the_definitions_examples_depends_on_its_clinical_justification(pipeline):
    """The definition turns on "no clinical justification"; its "may include ... souvenir images" are
    examples. A 3D/4D scan is usually, not always, for souvenir images (a `typical` link in the
    vocabulary): one the message says nothing of that condition about depends on it. A keepsake or gender
    reveal scan is the example itself, and so is one said to be just for a photo."""
    for question in ("does a 4D scan at a private clinic count as social scanning?",
                     "I'm booked for a private 3D scan at 28 weeks. Does that count as social scanning?"):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.DEPENDS, (question, answer.stages)
        assert "no clinical justification" in answer.answer
    for question in ("is a gender reveal scan a 'social scan' in CASE speak??",
                     "Is a scan at a private clinic just for a 4D photo of the baby a social scan?",
                     "I paid for a keepsake scan at a private clinic at 28 weeks. Was that a social scan?",
                     "Are keepsake pictures of the baby at a private clinic covered by CASE's definition of social scanning?"):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.YES, (question, answer.stages)
    reason = pipeline.ask("If a pregnant woman's consultant orders a scan because they're worried about the baby's "
                          "growth, is that social scanning?")
    assert reason.verdict is Verdict.NO, reason.stages


def test_a_question_saying_the_opposite_of_the_statement_is_answered_no(pipeline):
    """ "fewer" against "an increase in applicants" (an `opposite` link in the vocabulary)."""
    for question, verdict in (
        ("Did course leaders report fewer people applying to train in ultrasound for commercial reasons?", Verdict.NO),
        ("Is that what your statement says - that applications for commercial reasons are going down?", Verdict.NO),
        ("Did programme leads see an increase in applicants wanting to qualify for commercial reasons?", Verdict.YES),
    ):
        answer = pipeline.ask(question)
        assert answer.verdict is verdict, (question, answer.stages)
        assert any("increase in applicants" in c.quote for c in answer.citations)


def test_a_scan_a_clinician_requested_is_not_social_scanning(pipeline):
    """Who requested a scan ("requested by the obstetrician") is its clinical context, not the thing
    asked about: the definition's "no clinical justification" answers no."""
    answer = pipeline.ask("Is a scan requested by the obstetrician social scanning?")
    assert answer.verdict is Verdict.NO, answer.stages
    # who asked for a scan says why only when it is a clinician
    assert pipeline.ask("Is a gender reveal scan requested by the mum herself a social scan?").verdict is Verdict.YES


def test_an_award_or_level_the_statement_does_not_list_is_answered_no(pipeline):
    """ "(PgC, PgD or MSc)" and "a first post competent practitioner": a BSc, or consultant level, is not them."""
    for question in ("Is an undergraduate BSc one of the CASE-accredited awards the statement lists as leading to "
                     "registration with the Register of Clinical Technologists?",
                     "Are the outcomes on a CASE course set at the level of a senior consultant sonographer?"):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.NO, (question, answer.stages)
    assert pipeline.ask("Can I register with the RCT after a CASE accredited PgCert?").verdict is Verdict.YES


def test_of_several_questions_the_kind_is_that_of_the_one_answered(pipeline):
    answer = pipeline.ask("We realised neither of us knows what the term means officially - is it any private scan, "
                          "or something narrower? What exactly does CASE mean by \"social scanning\"? Thanks, Denise")
    assert answer.verdict is Verdict.INFO, answer.stages
    assert any(c.id.endswith("#p5") for c in answer.citations)


def test_a_reported_claim_about_a_scan_in_the_story_is_checked_against_the_definition(pipeline):
    answer = pipeline.ask("My daughter paid for a private scan purely to find out whether it's a boy or a girl - there "
                          "was no medical reason. My neighbour says that's exactly the sort of thing your organisation "
                          "calls \"social scanning\". Is she right?")
    assert answer.verdict is Verdict.YES, answer.stages


def test_an_opposite_the_question_also_contradicts_itself_out_of_does_not_flip(pipeline):
    """A BSc beside a CASE accredited PgCert, "a first post competent practitioner" said outright: the
    question asks about the statement's own words, so the opposite word doesn't reverse the answer."""
    for question in ("Can someone with a BSc in biology do a CASE accredited PgCert and then register with the RCT?",
                     "My consultant sonographer colleague says CASE course learning outcomes are set for a first post "
                     "competent practitioner - is that true?"):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.YES, (question, answer.stages)


def test_a_4d_scan_depends_whichever_way_it_is_asked(pipeline):
    for question in ("Is a 4D scan at a private clinic not social scanning?",
                     "I just had a 4D scan at a private clinic. Does that count as social scanning?"):
        answer = pipeline.ask(question)
        assert answer.verdict is Verdict.DEPENDS, (question, answer.stages)
