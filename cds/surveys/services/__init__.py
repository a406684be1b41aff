"""Every write of surveys, bottlenecks and Đề án 06 tasks: one transaction each, actor explicit,
access and maker ≠ checker checked here, audit events recorded. Split by subject:

* :mod:`.forms` — questionnaires and their versions (publish freezes a version);
* :mod:`.rounds` — rounds, responses and answers (skip logic and constraints on the server),
  submission, returns, the lead agencies' consolidation;
* :mod:`.bottlenecks` — the difficulties and bottleneck register;
* :mod:`.keytasks` — the Đề án 06 catalogue and each unit's status.
"""
from .bottlenecks import *  # noqa: F401,F403
from .forms import *  # noqa: F401,F403
from .keytasks import *  # noqa: F401,F403
from .rounds import *  # noqa: F401,F403
