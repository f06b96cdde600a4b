namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>
/// The items of a petition (信访工作条例 第十九条) as a person types them into a form for someone else, under the chat's
/// JSON names: the clerk's 登记 and the grid worker's 代为登记 add their own items to these.
/// </summary>
public abstract class PetitionForm
{
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Locality { get; set; }
    public string? ConcernedUnit { get; set; }
    public string? Category { get; set; }
    public string? Field { get; set; }
    public string? Request { get; set; }
    public string? FactsAndReasons { get; set; }
    public int? PeopleCount { get; set; }

    /// <summary>The typed items in the order the chat asks them, each with its JSON name (for errors by field).</summary>
    public (FormField Field, string Json, string? Value)[] TypedAnswers() =>
    [
        (FormField.Name, "name", Name), (FormField.IdNumber, "idNumber", IdNumber), (FormField.Phone, "phone", Phone),
        (FormField.Address, "address", Address), (FormField.Locality, "locality", Locality),
        (FormField.ConcernedUnit, "concernedUnit", ConcernedUnit), (FormField.Category, "category", Category),
        (FormField.Field, "field", Field), (FormField.Request, "request", Request), (FormField.FactsAndReasons, "factsAndReasons", FactsAndReasons),
    ];
}
