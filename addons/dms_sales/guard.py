"""The write guard: workflow states and system-set fields change only through the model's own code.

A field that a dms module defines read-only on the model (``state``, amounts, approvals, the links and
quantities a flow sets, computed and related fields) is *guarded*: a client can neither write it nor
give it at creation, whatever values or context keys it sends over RPC. Only server code may set it:
code running in superuser mode (data files, crons, ``sudo()`` after its own checks) or a block

    with dms_system_write():
        self.write({"state": "confirmed", "confirmation_date": fields.Datetime.now()})

which a model action opens after checking the state, the rights and the input itself. The block is a
context variable of the running thread, not a context key: nothing a client sends can open it.

``dms_guard=True`` on a field guards a field that stays editable on the model (none today);
``dms_guard=False`` lets clients write a read-only field (a wizard's field set from its context).
The enforcement lives in ``models/base.py``.
"""
import contextlib
import contextvars

_system_write = contextvars.ContextVar("dms_system_write", default=False)


@contextlib.contextmanager
def server_flag(var):
    """``with server_flag(var):`` the boolean context variable `var` is set for the code inside
    and reset after it: server-side state that no client can send, unlike a context key."""
    token = var.set(True)
    try:
        yield
    finally:
        var.reset(token)


def dms_system_write():
    """Let the code inside write guarded fields: the caller has checked what it writes."""
    return server_flag(_system_write)


def in_system_write():
    """Whether the running code opened ``dms_system_write()`` (superuser mode does not count)."""
    return _system_write.get()


def is_trusted(env):
    """Whether writes made in ``env`` now come from server code that may set guarded fields."""
    return env.su or _system_write.get()
