namespace PetitionBot.Bot.Office.Workflow;

/// <summary>The outcome of a workflow step, in words a clerk understands.</summary>
public sealed record WorkflowResult(WorkflowOutcome Outcome, string Message)
{
    public bool Ok => Outcome == WorkflowOutcome.Ok;

    public static WorkflowResult Done(string message) => new(WorkflowOutcome.Ok, message);
    public static WorkflowResult Invalid(string message) => new(WorkflowOutcome.Invalid, message);
    public static readonly WorkflowResult NotFound = new(WorkflowOutcome.NotFound, "未找到该信访事项。");
    public static readonly WorkflowResult Forbidden = new(WorkflowOutcome.Forbidden, "您的角色无权执行该操作。");
    public static readonly WorkflowResult Conflict = new(WorkflowOutcome.Conflict, "该事项已被他人更新，请刷新页面后重试。");
}

public enum WorkflowOutcome { Ok, Invalid, NotFound, Forbidden, Conflict }
