"""Writes of the resolutions app: one function per state transition, each audited.

Drafts move draft → submitted → circulated → under debate → voting → adopted | rejected, or are
withdrawn before the vote. Amendments are voted before their draft, the furthest from the
original first; one accepted by the sponsors or adopted rewrites its operative paragraph (or
the whole text) in the four languages at once (see ``amending``). Ballots are prepared, opened,
voted and closed; closing computes the result sheet from the vote rows (or the tellers' totals
of a secret ballot) and decides the question.

One module per concept: ``drafts``, ``amendments``, ``ballots``, ``votes``; the helpers they
share live in ``common``.
"""

# The public services, by concept; ``from resolutions.services import x`` keeps working.
from .amendments import (
    amendment_accept,
    amendment_delete,
    amendment_propose,
    amendment_save,
    amendment_withdraw,
)
from .ballots import (
    RESULT_FIELDS,
    ballot_close,
    ballot_create,
    ballot_delete,
    ballot_open,
    ballot_question_check,
    ballot_save,
)
from .drafts import (
    EDITABLE_DRAFT_STATUSES,
    draft_adopt,
    draft_circulate,
    draft_delete,
    draft_form_save,
    draft_open_debate,
    draft_put_to_vote,
    draft_reject,
    draft_save,
    draft_submit,
    draft_withdraw,
    resolution_import_legacy,
)
from .elections import (
    candidature_decide,
    candidature_review,
    candidature_save,
    candidature_submit,
    candidature_withdraw,
    committee_membership_delete,
    committee_membership_save,
    election_delete,
    election_next_round,
    election_put_to_vote,
    election_round_create,
    election_save,
)
from .evoting import (
    Cast,
    ballot_resume,
    ballot_run_again,
    ballot_suspend,
    new_receipt_code,
    paper_tally,
    receipt_lookup,
    vote_by_hand,
    vote_cast,
    voter_country,
)
from .votes import (
    TOOK_PART,
    VOTE_CHOICES,
    roll_call_record,
    vote_record,
)

__all__ = [
    "candidature_decide",
    "candidature_review",
    "candidature_save",
    "candidature_submit",
    "candidature_withdraw",
    "committee_membership_delete",
    "committee_membership_save",
    "election_delete",
    "election_next_round",
    "election_put_to_vote",
    "election_round_create",
    "election_save",
    "Cast",
    "ballot_resume",
    "ballot_run_again",
    "ballot_suspend",
    "new_receipt_code",
    "paper_tally",
    "receipt_lookup",
    "vote_by_hand",
    "vote_cast",
    "voter_country",
    "EDITABLE_DRAFT_STATUSES",
    "RESULT_FIELDS",
    "TOOK_PART",
    "VOTE_CHOICES",
    "amendment_accept",
    "amendment_delete",
    "amendment_propose",
    "amendment_save",
    "amendment_withdraw",
    "ballot_close",
    "ballot_create",
    "ballot_delete",
    "ballot_open",
    "ballot_question_check",
    "ballot_save",
    "draft_adopt",
    "draft_circulate",
    "draft_delete",
    "draft_form_save",
    "draft_open_debate",
    "draft_put_to_vote",
    "draft_reject",
    "draft_save",
    "draft_submit",
    "draft_withdraw",
    "resolution_import_legacy",
    "roll_call_record",
    "vote_record",
]
