"""What the resolutions officers may do in the back office (gathered by assembly.roles)."""

from assembly.roles import REGISTRATION_OFFICERS, RESOLUTIONS_OFFICERS

_MODELS = [
    "draftresolution",
    "amendment",
    "ballot",
    # The Executive Committee's elections: the Elections Board's work is theirs too.
    "election",
    "candidature",
    "committeemembership",
]

ROLE_PERMISSIONS = {
    # Drafts, amendments and ballots are theirs; votes are recorded through a ballot's roll
    # call (a change of the ballot), never edited one by one.
    RESOLUTIONS_OFFICERS: [
        f"resolutions.{action}_{model}"
        for model in _MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + ["resolutions.view_vote"],
    # The Credentials Bureau sees who voted, to answer questions on a delegation's status.
    REGISTRATION_OFFICERS: ["resolutions.view_ballot", "resolutions.view_vote"],
}
