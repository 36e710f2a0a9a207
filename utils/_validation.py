"""Validators of arguments: a number (scikit-learn's check, closed) and a choice."""

import numbers

from sklearn.utils import check_scalar as _sklearn_check_scalar


def check_scalar(x, name, target_type, **bounds):
    """Validate a number with :func:`sklearn.utils.check_scalar`, refusing booleans and NaN.

    scikit-learn's validator accepts ``True`` as the integer 1 (``bool`` is a subclass of
    ``int``) and NaN within any bounds (every comparison with NaN is false).

    Parameters
    ----------
    x : object
        The value to validate.
    name : str
        The argument's name, for the error message.
    target_type : type or tuple of types
        Accepted types, such as ``numbers.Integral`` or ``numbers.Real``.
    **bounds
        ``min_val``, ``max_val`` and ``include_boundaries``, as scikit-learn takes them.

    Returns
    -------
    int or float
        ``x`` as a plain Python number.

    Raises
    ------
    TypeError
        If ``x`` is a boolean or not an instance of ``target_type``.
    ValueError
        If ``x`` is NaN or outside its bounds.
    """
    if isinstance(x, bool):
        raise TypeError(f"{name} must be a number, not bool.")
    _sklearn_check_scalar(x, name, target_type, **bounds)
    if x != x:
        raise ValueError(f"{name} == nan, must be a number.")
    return int(x) if isinstance(x, numbers.Integral) else float(x)


def check_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``, else raise naming the parameter.

    Parameters
    ----------
    value : object
        The value to validate.
    name : str
        The argument's name, for the error message.
    choices : iterable of str
        The accepted values.

    Returns
    -------
    str
        ``value``.

    Raises
    ------
    ValueError
        If ``value`` is not a string among ``choices``.
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value
