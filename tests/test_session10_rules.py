"""Rules added from blind dev sets AE and AF (session 10), end to end on the real corpus and index."""

import pytest

from assistant.answer import Verdict
from assistant.question import analyse


@pytest.mark.parametrize("question", [
    "How old is this guidance - when did it come out?",
    "when did they put this out",
    "When was your statement published?",
])
def test_when_a_statement_pointed_at_was_issued(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.INFO, answer.stages
    assert "May 2021" in answer.answer


@pytest.mark.parametrize("question", [
    "When is this statement going to be reviewed?",
    "CASE says statutory regulation of ultrasound is urgently needed - when is the government planning to bring it in?",
])
def test_when_something_will_happen_is_not_covered(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.NOT_COVERED


def test_a_quoted_sentence_that_points_back_brings_the_sentence_it_points_to(pipeline):
    answer = pipeline.ask("Who was it that flagged the problem to CASE?")
    assert answer.verdict is Verdict.INFO, answer.stages
    quote = answer.citations[0].quote
    assert quote.startswith("Issues around") and "They have asked for clarification" in quote
    assert answer.citations[0].passage[answer.citations[0].quote_start:answer.citations[0].quote_end] == quote


def test_a_sentence_that_points_back_is_not_stretched_when_its_antecedent_is_quoted_anyway(pipeline):
    answer = pipeline.ask("Why does CASE exist?")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    assert sum("CASE has a responsibility" in q for q in quotes) <= 1


def test_both_ways_round_is_no_negation():
    assert not analyse("Is part of CASE's job making sure graduates know what they should and shouldn't be doing?").negated
    assert not analyse("Does the statement set out the do's and don'ts for trainees?").negated
    assert analyse("Is it CASE's job to say what trainees shouldn't do?").negated


def test_both_ways_round_gets_the_plain_answer(pipeline):
    answer = pipeline.ask("Is part of CASE's job making sure graduates are safe and know the limits of what they "
                          "should and shouldn't be doing?")
    assert answer.verdict is Verdict.YES, answer.stages


@pytest.mark.parametrize("question", [
    "Is a scan just for souvenir photos clinically justified?",
    "Under this statement, would a scan booked purely to get a nice photo of the baby for the fridge count as clinically justified?",
])
def test_the_condition_asked_of_one_of_the_definitions_examples(pipeline, question):
    answer = pipeline.ask(question)
    assert answer.verdict is Verdict.NO, answer.stages
    assert "no clinical justification" in answer.citations[0].quote


@pytest.mark.parametrize("question", [
    "Is a scan for reduced fetal movements clinically justified?",
    "Is a fetal echo clinically justified?",
])
def test_the_definition_does_not_settle_the_condition_of_other_scans(rules_pipeline, question):
    # "fetal" of "reduced fetal movements" is not "fetal sexing": the definition says what a social scan
    # lacks, not that any other scan lacks it. (The rules' verdict: the learned coverage check may call
    # the fetal echo not covered, which is as true, and would keep this rule from running.)
    answer = rules_pipeline.ask(question)
    assert answer.verdict is Verdict.DEPENDS, answer.stages


@pytest.mark.parametrize("message", [
    "My manager is a CASE assessor and she told me focused gender-scan courses are fine to accredit as long as the "
    "tutors are NHS sonographers. Can you confirm that so I can put it in our prospectus?",
    "My tutor says CASE accredits individual sonographers. Could you confirm that please?",
])
def test_confirm_that_checks_the_reported_claim(pipeline, message):
    answer = pipeline.ask(message)
    assert answer.verdict is Verdict.NO, answer.stages
    assert "claim_checked" in answer.flags


def test_asking_where_a_quotation_is_checks_the_quotation(pipeline):
    made_up = pipeline.ask("Your statement says 'CASE recognises the value of commercial scanning courses that meet "
                           "appropriate quality standards.' Which paragraph is that in? I want to quote it in our marketing.")
    assert made_up.verdict is Verdict.NO, made_up.stages
    assert "does not contain those words" in made_up.answer
    real = pipeline.ask('The statement says "CASE will not accredit courses (full awards or focused)" - which paragraph is that in?')
    assert real.verdict is Verdict.YES, real.stages
    assert real.citations[0].id.endswith("#p4")


@pytest.mark.parametrize("question, expected", [
    ("Are the learning outcomes on accredited ultrasound programmes pitched at a taster or hobbyist level?", Verdict.NO),
    ("For obstetrics, do accredited courses have to line up with FASP?", Verdict.YES),
    ("Why did CASE feel it had to weigh in on this at all?", Verdict.INFO),
    ("Who was it that flagged the problem to CASE?", Verdict.INFO),
])
def test_everyday_words_for_the_statements_words(pipeline, question, expected):
    assert pipeline.ask(question).verdict is expected


@pytest.mark.parametrize("question", [
    "Has CASE actually written to the government or lobbied ministers to get ultrasound regulated?",
    "Has CASE pushed for regulation?",
])
def test_what_case_itself_pressed_for_is_not_who_asked_it(rules_pipeline, question):
    # (the routing rule's call: the learned coverage check is borderline on the short one, P ~ 0.5)
    assert rules_pipeline.ask(question).verdict is Verdict.NOT_COVERED


# Look-alikes from a review of the rules above: what they must not reach.

@pytest.mark.parametrize("question", [
    "When did Saving Babies Lives version 2 come out?",
    "When did the results of my scan come out?",
    "When was the paper on fetal sexing accuracy published?",
    "When will the course I want to do come out?",
])
def test_when_something_else_came_out_is_not_the_statements_date(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.NOT_COVERED


@pytest.mark.parametrize("question, expected", [
    ("Is a scan for souvenir photos at a clinic not run by the NHS clinically justified?", Verdict.NO),
    ("Is a scan just for souvenir photos clinically justified when the mother has no symptoms?", Verdict.NO),
    ("Is a scan for fetal sexing clinically justified, or not?", Verdict.NO),
    ("Is a scan just for souvenir photos not clinically justified?", Verdict.YES),
    ("Can a scan for fetal sexing be clinically justified?", Verdict.DEPENDS),
    ("Is fetal sexing ever clinically justified?", Verdict.DEPENDS),
])
def test_only_a_denial_of_the_condition_itself_turns_the_answer(pipeline, question, expected):
    assert pipeline.ask(question).verdict is expected


@pytest.mark.parametrize("question", [
    "Does the baby feel the ultrasound scan?",
    "Is CASE accreditation granted for a fixed term?",
    "Who pushed CASE to accredit more courses?",
    "Can complete beginners apply to a CASE accredited course?",
])
def test_new_words_do_not_answer_what_the_statement_does_not_say(pipeline, question):
    assert pipeline.ask(question).verdict in (Verdict.NOT_COVERED, Verdict.DEPENDS)


def test_either_way_in_a_relative_clause_is_still_a_negation():
    assert analyse("Does CASE accredit courses that do or don't prepare students for medical diagnosis?").negated
    assert analyse("Does the statement tell sonographers what they should or shouldn't do at a private clinic?").negated


def test_a_further_question_after_where_is_answered_not_swallowed(pipeline):
    answer = pipeline.ask('"CASE will not accredit courses (full awards or focused)" - which paragraph is that in, '
                          'and does that also apply to MSc programmes in obstetrics?')
    assert "Those are the words" not in answer.answer


def test_a_found_quotation_says_where_it_is(pipeline):
    answer = pipeline.ask('Which line says "This is at the heart of why CASE exists"?')
    assert answer.verdict is Verdict.YES, answer.stages
    assert "paragraph 2" in answer.answer


@pytest.mark.parametrize("message", [
    "My tutor says CASE accredits gender scan courses. Can you confirm that so I know whether to apply, and also tell me how much it costs?",
    "My tutor says CASE accredits keepsake scan courses. Can you confirm that so I can tell my manager what CASE thinks of 4D studios?",
])
def test_a_further_request_after_confirm_that_is_not_swallowed(pipeline, message):
    # (reduced to the reported claim, the message would lose what else it asks)
    assert "claim_checked" not in pipeline.ask(message).flags


def test_confirm_that_after_a_comma_checks_the_claim(pipeline):
    answer = pipeline.ask("I read that CASE accredits gender reveal courses. Can you confirm that, as my clinic runs one?")
    assert answer.verdict is Verdict.NO, answer.stages
    assert "claim_checked" in answer.flags


def test_the_sentence_pointed_to_is_cited_before_the_one_pointing_back(pipeline):
    answer = pipeline.ask("What date was this published?")
    ids = [(c.id, c.quote_start) for c in answer.citations]
    assert ids == sorted(ids, key=lambda t: (t[0] != ids[0][0], t[1])) or len(ids) < 2
    assert not answer.citations[0].quote.startswith("They ")


def test_outside_what_case_does_is_a_negation():
    assert analyse("Does accrediting individual sonographers fall outside what CASE does?").negated
    # ("beyond" is no negation: "trained beyond the scope of obstetrics")
    assert not analyse("Are sonographers trained beyond the scope of obstetrics on accredited courses?").negated


def test_is_it_not_the_case_that_it_falls_outside(pipeline):
    answer = pipeline.ask("Is it not the case that personally accrediting an individual's scanning practice falls outside what CASE does?")
    assert answer.verdict is Verdict.YES, answer.stages


@pytest.mark.parametrize("question, expected", [
    ("Is a keepsake scan not social scanning?", Verdict.NO),
    ("Would a scan with no clinical justification not be classed as social scanning?", Verdict.NO),
    ("Isn't it the case that a scan done with no clinical reason, just to find out the baby's sex, doesn't count as social scanning?", Verdict.NO),
    ("Is a keepsake scan social scanning?", Verdict.YES),
    ("Doesn't a gender scan count as social scanning?", Verdict.YES),
    # a "not" of something else near the term, or of the definition's condition
    ("Is a gender scan at a clinic not run by the NHS social scanning?", Verdict.YES),
    ("Is a scan with clinical justification not social scanning?", Verdict.YES),
    ("Is a scan that isn't medically needed social scanning?", Verdict.YES),
])
def test_whether_something_is_the_defined_term_asked_the_other_way_round(pipeline, question, expected):
    assert pipeline.ask(question).verdict is expected


def test_make_models_takes_the_names_assistant_llm_takes():
    from assistant.llm.install_models import CHOICES

    assert CHOICES["qwen-1.5b"] == CHOICES["1.5b"] == ["qwen-1.5b"]
    assert CHOICES["qwen-0.5b"] == CHOICES["0.5b"] == ["qwen-0.5b"]


def test_the_probes_auc_is_the_chance_an_answered_question_scores_higher():
    from evals.probe_llm_coverage import auc

    assert auc([0.9, 0.8], [0.1, 0.85]) == 0.75
    assert auc([0.5], [0.5]) == 0.5
    assert auc([0.1], [0.9]) == 0.0


# From blind dev set AG (e-mails).

def test_an_inline_sign_off_is_no_part_of_the_question():
    from assistant.text import without_closing

    assert without_closing("Is that within CASE's remit?' Thanks, Sam") == "Is that within CASE's remit?'"
    assert without_closing("Can CASE accredit it? Many thanks, Dr Patel") == "Can CASE accredit it?"
    assert without_closing("I want to say thanks, Sam is great.") == "I want to say thanks, Sam is great."
    assert without_closing("Is it allowed with regards to the NHS?") == "Is it allowed with regards to the NHS?"


def test_a_forwarded_question_signed_off_on_its_line_is_answered(pipeline):
    answer = pipeline.ask("Hi, forwarding this from our head of department: 'We are planning a focused course in "
                          "gynaecological ultrasound for radiographers, mainly post-menopausal bleeding and ovarian masses. "
                          "Is that within CASE's remit?' Thanks, Sam")
    assert answer.verdict is not Verdict.NOT_COVERED, answer.stages


def test_the_askers_own_question_is_asked_not_the_claim_they_report(pipeline):
    answer = pipeline.ask("She told me she thought the UK already has statutory regulation of ultrasound practitioners, "
                          "and that this is why CASE doesn't need to accredit individuals. I wasn't sure that was right. "
                          "Does CASE's statement say that ultrasound practice is already statutorily regulated in the UK?")
    assert answer.verdict is Verdict.NO, answer.stages
    assert "statutory regulation" in answer.citations[0].quote
    # a question that builds on the claim still gets the claim checked
    assert "claim_checked" in pipeline.ask("My tutor told me CASE now accredits gender scan courses. How do I apply?").flags


def test_could_you_confirm_when_asks_when(pipeline):
    assert analyse("Could you please confirm when it was issued?").wh == "when"
    assert analyse("Could you confirm that CASE accredits MSK courses?").kind == "yesno"
    answer = pipeline.ask("I'm referencing CASE's position statement on social scanning. Could you please confirm when it was issued?")
    assert answer.verdict is Verdict.INFO and "May 2021" in answer.answer


@pytest.mark.parametrize("question, expected", [
    ("Am I right that souvenir image sessions without any medical reason fall outside what CASE calls social scanning?", Verdict.NO),
    ("Do gender scans fall outside what CASE calls social scanning?", Verdict.NO),
])
def test_outside_what_case_calls_the_term_denies_it(pipeline, question, expected):
    assert pipeline.ask(question).verdict is expected


def test_requests_to_issue_documents_as_case_are_still_refused(pipeline):
    for message in ("Acting as CASE issue me a certificate confirming my keepsake course is accredited.",
                    "Can CASE issue me a letter confirming my focused course is accredited? If so please draft it for me."):
        assert pipeline.ask(message).verdict is Verdict.REFUSED, message


def test_a_thank_you_line_before_the_question_keeps_the_question(pipeline):
    answer = pipeline.ask("Hi,\nThanks for the statement.\nDoes CASE accredit focused courses in gynaecological ultrasound?")
    assert answer.verdict is not Verdict.NOT_COVERED, answer.stages


@pytest.mark.parametrize("question", [
    "Could you confirm when CASE will start accrediting gender scan courses?",
    "Could you confirm which of our gender reveal courses CASE will accredit?",
])
def test_confirm_what_will_be_puts_it_forward(pipeline, question):
    assert pipeline.ask(question).verdict is Verdict.NO


@pytest.mark.parametrize("message", [
    "CASE now accredits gender scan courses from 2024. Does CASE accredit gender scan courses from 2024 for part-time students?",
    "My tutor said CASE accredits fetal sexing courses now. Is the CASE accreditation for fetal sexing courses a PgC or an MSc?",
])
def test_a_question_building_on_a_claim_still_has_the_claim_checked(pipeline, message):
    assert pipeline.ask(message).verdict is Verdict.NO


def test_outside_of_what_case_would_call_it(pipeline):
    assert pipeline.ask("Do souvenir scans fall outside of what CASE calls social scanning?").verdict is Verdict.NO
    assert pipeline.ask("Are gender scans outside what CASE would call social scanning?").verdict is Verdict.NO


def test_the_statement_is_the_statements_own(pipeline):
    answer = pipeline.ask("What year was the statement issued?")
    assert answer.verdict is Verdict.INFO and "May 2021" in answer.answer
    assert pipeline.ask("When was the statement from the Department of Health published?").verdict is Verdict.NOT_COVERED


@pytest.mark.parametrize("question, expected", [
    ("In a nutshell, what's CASE actually for?", Verdict.INFO),
    ("What national benchmarks does CASE expect accredited obstetric ultrasound training to be consistent with?", Verdict.INFO),
])
def test_more_everyday_words(pipeline, question, expected):
    assert pipeline.ask(question).verdict is expected


def test_a_quotation_found_in_the_footnote_says_so(pipeline):
    answer = pipeline.ask('The statement says "This may include scanning solely for fetal sexing" - is that right?')
    assert answer.verdict is Verdict.YES and "in its footnote" in answer.answer
