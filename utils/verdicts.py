"""The verdict rule of the claims ledger, one function per kind of claim.

Every claim the course examines gets its verdict from these functions, never from a
typed string: a chapter computes the evidence, calls the function of the claim's
kind (the ``kind`` column of the claims register) and glues what it returns. The
rule, as the ledger page states it (intervals are 95%, two-sided; an endpoint on
zero or on a margin counts as inside):

effect
    *refuted* when the interval lies on the other side of zero, lies entirely inside
    the margin, or excludes the claimed size; *reproduced* when it lies on the claimed
    side beyond the margin (and holds the claimed size); *qualified* otherwise: the data
    cannot tell, or the effect holds only under a condition the course names.
equivalence
    *refuted* when the whole interval lies outside the margin; *reproduced* when it
    lies inside; *qualified* otherwise.
arithmetic
    *refuted* when the computation does not return the stated number to its stated
    precision, or a computed baseline at the same inputs contradicts the claim's
    conclusion; *qualified* when it holds only under a named reading; *reproduced*
    otherwise.
existence
    *reproduced* when one honest case is shown; *refuted* when it is shown impossible.
causes
    *reproduced* when every listed cause is shown producing the symptom and no major
    cause is missing; *refuted* when none is shown; *qualified* otherwise.
compound
    each part by its kind; *reproduced* when all parts are, *refuted* when all are,
    *qualified* otherwise. A claim stating several numbers of one kind is as strong as
    its weakest number (:func:`several`).
new
    a result the course derives or measures that no source states.
"""

import math
from dataclasses import dataclass, field

VERDICTS = ("reproduced", "qualified", "refuted", "new")
KINDS = ("effect", "equivalence", "arithmetic", "existence", "causes", "compound", "new")


@dataclass(frozen=True)
class Verdict:
    """A verdict, the rule that gave it, and the numbers the rule read.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    kind : str
        The kind of claim, one of :data:`KINDS`.
    reason : str
        Which test of the rule decided, in a few words.
    inputs : dict
        What the rule read (interval, margin, direction, ...), for the ledger.
    parts : tuple of Verdict
        The parts of a compound claim, empty otherwise.
    """

    verdict: str
    kind: str
    reason: str
    inputs: dict = field(default_factory=dict)
    parts: tuple = ()

    def __str__(self):
        return self.verdict

    def describe(self):
        """Return the rule's reading in one line, for the ledger."""
        shown = ", ".join(f"{name} {_format(value)}" for name, value in self.inputs.items())
        text = f"{self.kind}: {self.reason}" + (f" ({shown})" if shown else "")
        if self.parts:
            text += "; " + "; ".join(f"part {i}: {part.verdict} by {part.describe()}"
                                     for i, part in enumerate(self.parts, start=1))
        return text


def _format(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple) and all(isinstance(v, float) for v in value):
        return "[" + ", ".join(f"{v:.4g}" for v in value) + "]"
    return str(value)


def _interval(interval):
    try:
        low, high = (float(value) for value in interval)
    except (TypeError, ValueError):
        raise TypeError(f"interval must be a pair of numbers (low, high), got {interval!r}") \
            from None
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ValueError(f"interval must be finite with low <= high, got ({low}, {high})")
    return low, high


def _margin(margin):
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or \
            not math.isfinite(margin) or margin < 0:
        raise ValueError(f"margin must be a non-negative number, got {margin!r}")
    return float(margin)


def effect(interval, *, margin, direction, claimed_size=None, only_under=None):
    """Rule for a claim that X raises, lowers, beats or changes Y.

    Parameters
    ----------
    interval : pair of float
        The 95% interval of the effect (X minus its reference), paired where the
        comparison is.
    margin : float
        The equivalence margin around zero, stated before computing: an effect inside
        it is no effect worth the name.
    direction : {"increase", "decrease"}
        The claimed sign of the effect.
    claimed_size : float, optional
        The effect the claim states, with its sign, when it states one.
    only_under : str, optional
        The condition (a class, a model family, a data set...) under which the effect
        holds and outside which the course shows it does not, named; ``interval`` is
        then the interval measured under that condition. An effect that would be
        reproduced is qualified by it.

    Returns
    -------
    Verdict
    """
    low, high = _interval(interval)
    margin = _margin(margin)
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', got {direction!r}")
    # Work on the claimed side: flip a claimed decrease into an increase.
    sign = 1.0 if direction == "increase" else -1.0
    lo, hi = sorted((sign * low, sign * high))
    size = None if claimed_size is None else sign * float(claimed_size)
    inputs = {"interval": (low, high), "margin": margin, "direction": direction}
    if claimed_size is not None:
        inputs["claimed size"] = float(claimed_size)
    if only_under:
        inputs["only under"] = str(only_under)
    if hi < 0:
        return Verdict("refuted", "effect", "interval on the other side of zero", inputs)
    if -margin <= lo and hi <= margin:
        return Verdict("refuted", "effect", "interval inside the margin: no effect worth "
                       "the name", inputs)
    if size is not None and not lo <= size <= hi:
        return Verdict("refuted", "effect", "interval excludes the claimed size", inputs)
    if lo > margin:
        reason = "interval on the claimed side beyond the margin"
        if size is not None:
            reason += ", holding the claimed size"
        if only_under:
            return Verdict("qualified", "effect", f"{reason}, but the effect holds only "
                           f"under {only_under}", inputs)
        return Verdict("reproduced", "effect", reason, inputs)
    return Verdict("qualified", "effect", "interval reaches into the margin or across "
                   "zero: the data cannot tell", inputs)


def equivalence(interval, *, margin):
    """Rule for a claim that X does not change Y, or that A and B are the same.

    Parameters
    ----------
    interval : pair of float
        The 95% interval of the difference.
    margin : float
        The equivalence margin, stated before computing.

    Returns
    -------
    Verdict
    """
    low, high = _interval(interval)
    margin = _margin(margin)
    inputs = {"interval": (low, high), "margin": margin}
    if high < -margin or low > margin:
        return Verdict("refuted", "equivalence", "interval entirely outside the margin",
                       inputs)
    if -margin <= low and high <= margin:
        return Verdict("reproduced", "equivalence", "interval inside the margin", inputs)
    return Verdict("qualified", "equivalence", "interval straddles the margin", inputs)


def arithmetic(computed, stated, *, decimals, contradicted_by=None, only_under=None):
    """Rule for a stated number, optimum or identity from stated inputs.

    Parameters
    ----------
    computed : float
        What the computation returns from the claim's inputs.
    stated : float
        The number the claim states.
    decimals : int
        The stated precision, in decimals (0.33 has 2).
    contradicted_by : str, optional
        A computed baseline at the same inputs that contradicts the claim's conclusion
        (a score called useful that a trivial predictor beats), named.
    only_under : str, optional
        The one reading of ambiguous inputs, or the one model, under which it holds.

    Returns
    -------
    Verdict
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer, got {decimals!r}")
    computed, stated = float(computed), float(stated)
    inputs = {"computed": computed, "stated": stated, "decimals": decimals}
    # Half a unit of the last stated decimal, with room for the binary representation.
    if abs(computed - stated) > 0.5 * 10.0 ** -decimals * (1 + 1e-9):
        return Verdict("refuted", "arithmetic", "the computation does not return the "
                       "stated number to its precision", inputs)
    if contradicted_by:
        return Verdict("refuted", "arithmetic", f"the conclusion is contradicted by "
                       f"{contradicted_by}", inputs)
    if only_under:
        return Verdict("qualified", "arithmetic", f"holds only under {only_under}", inputs)
    return Verdict("reproduced", "arithmetic", "the stated number follows from the inputs",
                   inputs)


def existence(shown, *, impossible=False, frequency=None):
    """Rule for a claim that X can happen.

    Parameters
    ----------
    shown : bool
        Whether the course shows one honest case.
    impossible : bool, default False
        Whether the course shows that it cannot happen.
    frequency : str, optional
        How often it happens, where that can be measured, for the ledger.

    Returns
    -------
    Verdict
    """
    inputs = {} if frequency is None else {"how often": frequency}
    if impossible:
        return Verdict("refuted", "existence", "shown impossible", inputs)
    if shown:
        return Verdict("reproduced", "existence", "one honest case shown", inputs)
    return Verdict("qualified", "existence", "no case shown, none ruled out", inputs)


def causes(shown, *, missing=()):
    """Rule for a list of causes of a symptom.

    Parameters
    ----------
    shown : dict of str to bool
        Each listed cause, and whether the course shows it producing the symptom.
    missing : sequence of str
        Major causes the list misses, found by the course.

    Returns
    -------
    Verdict
    """
    if not isinstance(shown, dict) or not shown:
        raise ValueError("shown must be a non-empty dict of cause -> bool")
    missing = tuple(missing)
    inputs = {"shown": ", ".join(c for c, ok in shown.items() if ok) or "none",
              "not shown": ", ".join(c for c, ok in shown.items() if not ok) or "none",
              "missing": ", ".join(missing) or "none"}
    if not any(shown.values()):
        return Verdict("refuted", "causes", "no listed cause shown", inputs)
    if all(shown.values()) and not missing:
        return Verdict("reproduced", "causes", "every listed cause shown, none missing",
                       inputs)
    return Verdict("qualified", "causes", "some causes not shown, or one missing", inputs)


def compound(*parts):
    """Rule for a claim of several parts, each ruled by its own kind.

    Parameters
    ----------
    *parts : Verdict
        The parts' verdicts, in the claim's order.

    Returns
    -------
    Verdict
    """
    if len(parts) < 2 or not all(isinstance(part, Verdict) for part in parts):
        raise ValueError("compound needs two or more Verdict parts")
    verdicts = {part.verdict for part in parts}
    if verdicts == {"reproduced"}:
        return Verdict("reproduced", "compound", "every part reproduced", parts=parts)
    if verdicts == {"refuted"}:
        return Verdict("refuted", "compound", "every part refuted", parts=parts)
    return Verdict("qualified", "compound", "the parts disagree", parts=parts)


def several(*parts):
    """Rule for a claim stating several numbers of one kind: its weakest part decides.

    A claim that gives two numbers is wrong when either is (an arithmetic claim is
    refuted when one stated number is not returned), and holds only under a reading
    when either does; unlike :func:`compound`, one refuted part refutes the claim.

    Parameters
    ----------
    *parts : Verdict
        The verdict of each stated number, all of one kind, in the claim's order.

    Returns
    -------
    Verdict
        The weakest part's verdict, with every part for the ledger.
    """
    if len(parts) < 2 or not all(isinstance(part, Verdict) for part in parts):
        raise ValueError("several needs two or more Verdict parts")
    kinds = sorted({part.kind for part in parts})
    if len(kinds) > 1:
        raise ValueError(f"several needs parts of one kind, got {', '.join(kinds)}: "
                         "use compound for a claim whose parts differ in kind")
    weakest = max(parts, key=lambda part: VERDICTS.index(part.verdict))
    return Verdict(weakest.verdict, weakest.kind,
                   f"the weakest of {len(parts)} stated parts decides", parts=parts)


def new(holds, *, what):
    """Rule for a result the course derives or measures itself.

    Parameters
    ----------
    holds : bool
        Whether the computation confirms the result (it must, or the chapter fails).
    what : str
        The result, in a few words, for the ledger.

    Returns
    -------
    Verdict
    """
    if not holds:
        raise ValueError(f"holds: the course's own result ({what}) does not hold")
    return Verdict("new", "new", what)
