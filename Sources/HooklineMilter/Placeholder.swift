import HooklineCore
import HooklineRules
import CMilter
