"""State of the secondary fulfilment fast path, held where no client can reach it.

Confirming and delivering a batch of secondary orders hands state down to core stock's methods it
overrides (see readme/DEVELOP.md): the quants locked for the batch (``stock.quant._gather``,
``_update_available_quantity``, ``create``, ``unlink``), the move lines collected while reserving
(``stock.move.line.create``), that those lines' quants are reserved already
(``stock.quant._update_reserved_quantity``) and that a new delivery's outlet is not to follow it
(``stock.picking.message_subscribe``). Each of these could open a door if it came from a context
key: any RPC call can send any context (lines created reserved with no quant reserved, quants
reserved with no line, a forged pool steering ``_gather``). So they are context variables of the
running thread, set only by our server code in the blocks below and always reset when the block
ends, as ``odoo.addons.dms_sales.guard.dms_system_write()``.

The pool and the collected lines belong to the transaction that made them: read through a cursor
other than the one the block was opened with (a new cursor inside the block), they are not there.
"""
import contextlib
import contextvars

_quant_pool = contextvars.ContextVar("dms_quant_pool", default=None)
_deferred_move_lines = contextvars.ContextVar("dms_deferred_move_lines", default=None)
_move_lines_reserved = contextvars.ContextVar("dms_move_lines_reserved", default=None)
_skip_outlet_follower = contextvars.ContextVar("dms_skip_outlet_follower", default=None)


@contextlib.contextmanager
def _scoped(var, env, value):
    token = var.set((env.cr, value))
    try:
        yield value
    finally:
        var.reset(token)


def _current(var, env):
    held = var.get()
    if held is None or held[0] is not env.cr:
        return None
    return held[1]


@contextlib.contextmanager
def quant_pool(env, pool):
    """``with quant_pool(env, pool):`` quants are gathered and moved out of `pool` (see
    stock.quant._dms_quant_pool), quants created in the block join it, quants deleted leave it.
    The quants it moved get what a write does besides storing their values when the block ends
    (stock.quant._dms_write_pooled); an error leaves that to the transaction's rollback."""
    with _scoped(_quant_pool, env, pool):
        yield pool
    env["stock.quant"]._dms_write_pooled(pool)


def current_quant_pool(env):
    """The pool of the enclosing ``quant_pool`` block for `env`'s transaction, or None."""
    return _current(_quant_pool, env)


def deferred_move_lines(env):
    """``with deferred_move_lines(env) as deferred:`` the move lines of the batch's own deliveries
    are not created: their quants are reserved and their values appended to ``deferred``, to be
    created together, inside ``move_lines_reserved(env)``, after the block."""
    return _scoped(_deferred_move_lines, env, [])


def current_deferred_move_lines(env):
    """The list of the enclosing ``deferred_move_lines`` block, or None."""
    return _current(_deferred_move_lines, env)


def move_lines_reserved(env):
    """``with move_lines_reserved(env):`` creating move lines reserves no quant: the lines created
    are those collected by ``deferred_move_lines``, whose quants were reserved as they were."""
    return _scoped(_move_lines_reserved, env, True)


def in_move_lines_reserved(env):
    return bool(_current(_move_lines_reserved, env))


def skip_outlet_follower(env):
    """``with skip_outlet_follower(env):`` secondary deliveries created in the block do not get their
    outlet as a follower (see stock.picking.message_subscribe)."""
    return _scoped(_skip_outlet_follower, env, True)


def in_skip_outlet_follower(env):
    return bool(_current(_skip_outlet_follower, env))
