"""The one error the clinic reports as a sentence rather than a traceback."""


class InputError(ValueError):
    """A problem with the reader's input, explained in one sentence.

    The command prints the message and exits with status 1; anything else that goes
    wrong is a bug in the clinic and keeps its traceback.
    """
