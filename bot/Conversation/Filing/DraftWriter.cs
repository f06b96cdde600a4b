using PetitionBot.Bot.Petitions.Validation;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>
/// Writes answers into a petition draft and turns a finished draft into a <see cref="NewPetition"/>: the one way, whether the
/// citizen types the answers in the chat or a grid worker fills them in for them (代为登记).
/// </summary>
public sealed class DraftWriter(PersonalDataProtector protector)
{
    /// <summary>Checks one answer with the chat's own validators and, when valid, stores it; the error in words otherwise.</summary>
    public FieldCheck Fill(DraftPetition d, FormField field, string input, DateOnly today)
    {
        var check = FormFields.Check(field, input, today);
        if (!check.IsValid) return check;
        Apply(d, field, check.Value!);
        MarkAnswered(d, field);
        return check;
    }

    public void Apply(DraftPetition d, FormField field, string value)
    {
        // The petitioner's own ID number is kept encrypted; one typed into free text (facts, address …) is masked
        // before it reaches the form state, the summary, the stored replies and the petition.
        if (field != FormField.IdNumber) value = Masking.MaskIdNumbers(value);
        switch (field)
        {
            case FormField.Name: d.Name = value; break;
            case FormField.IdNumber:
                var id = protector.ProtectIdNumber(value);
                d.IdNumberProtected = id.Protected;
                d.IdNumberHash = id.Hash;
                d.IdNumberMasked = id.Masked;
                break;
            case FormField.Phone: d.Phone = value; break;
            case FormField.Address: d.Address = value; break;
            case FormField.Locality: d.Locality = value; break;
            case FormField.ConcernedUnit: d.ConcernedUnit = value; break;
            case FormField.Category: d.Category = value; break;
            case FormField.Field:
                d.Field = value;
                if (value == "涉法涉诉") d.LitigationRelated = true;
                break;
            case FormField.Request: d.Request = value; break;
            case FormField.FactsAndReasons: d.FactsAndReasons = value; break;
            case FormField.RaisedBefore:
                d.RaisedBefore = value == "是";
                if (d.RaisedBefore == false) d.Answered.Remove(FormField.EarlierTrackingNo);
                break;
            case FormField.EarlierTrackingNo: d.EarlierTrackingNo = value; break;
            case FormField.PeopleCount:
                d.PeopleCount = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                if (d.PeopleCount < 5) d.Answered.Remove(FormField.Representatives);
                break;
            case FormField.Representatives: d.Representatives = value.Split('、').ToList(); break;
        }
    }

    public static void MarkAnswered(DraftPetition d, FormField field)
    {
        if (!d.Answered.Contains(field)) d.Answered.Add(field);
    }

    /// <summary>The petition of a finished draft, for the one intake.</summary>
    public static NewPetition ToPetition(DraftPetition d, string submissionKey, string channel, string channelUserId, string? sourceUnitCode,
        IReadOnlyList<NewTranscriptLine> transcript) => new()
    {
        SubmissionKey = submissionKey,
        Channel = channel,
        ChannelUserId = channelUserId,
        PetitionerName = d.Name!,
        IdNumber = new ProtectedIdNumber(d.IdNumberProtected!, d.IdNumberHash!, d.IdNumberMasked!),
        Phone = d.Phone!,
        Address = d.Address!,
        Locality = d.Locality!,
        ConcernedUnit = string.IsNullOrWhiteSpace(d.ConcernedUnit) ? null : d.ConcernedUnit,
        Category = FormFields.ToCategory(d.Category),
        Field = d.Field!,
        Request = d.Request!,
        FactsAndReasons = d.FactsAndReasons!,
        RaisedBefore = d.RaisedBefore == true,
        EarlierTrackingNo = d.RaisedBefore == true && !string.IsNullOrWhiteSpace(d.EarlierTrackingNo) ? d.EarlierTrackingNo : null,
        PeopleCount = d.PeopleCount ?? 1,
        Representatives = d.PeopleCount >= 5 ? d.Representatives : [],
        Photos = d.Photos.Select(p => new NewPhoto(p.Url, p.MediaId)).ToList(),
        LitigationRelated = d.LitigationRelated,
        SuggestedRoutes = d.SuggestedRoutes,
        RepeatOfPetitionId = d.RepeatOfPetitionId,
        SourceUnitCode = sourceUnitCode,
        Transcript = transcript,
    };
}
