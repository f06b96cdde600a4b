using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bench.Seed;

/// <summary>What to generate. EndUtc is "now" of the data: the newest petitions are still open on that day.</summary>
public sealed record SeedOptions(int Count, DateTime EndUtc, int Units = 100, int Grids = 1000, int Years = 3, int Seed = 24, int BatchSize = 4000);

/// <summary>Rows written per table, and how long it took.</summary>
public sealed record SeedReport(int Units, int Grids, int Petitions, int Events, int Deadlines, int Transcript, int Opinions,
    int FollowUps, int Escalations, int Disputes, int Repeats, TimeSpan Elapsed)
{
    public int Rows => Units + Grids + Petitions + Events + Deadlines + Transcript + Opinions + FollowUps + Escalations + Disputes;
}

/// <summary>
/// Fills an empty database with a bureau's worth of synthetic petitions for the scale benchmarks: chronological, with
/// the timeline, open deadlines, chat transcripts, opinions, follow-up ratings, 不满意 escalations, repeat petitions
/// pointing back to the earlier one and 代为登记 lines in the grids' ledgers. ID numbers go through the real
/// <see cref="IPersonalDataProtector"/> (encrypted, hashed, masked) so the queries see the shape real data has.
/// Plain EF Core: batches of AddRange + SaveChanges on a fresh context with change detection off.
/// </summary>
public sealed class SyntheticData(Func<PetitionDbContext> contexts, IPersonalDataProtector protector, Action<string>? progress = null, bool copy = false)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂兰", "建国", "志强", "海燕", "红梅", "国庆"];
    private static readonly string[] Roads = ["幸福路", "人民路", "解放街", "建设路", "和平巷", "新华街", "文化路", "工农路"];

    private static readonly (string Field, int Weight, string Request, string Facts, string Concerned)[] Fields =
    [
        ("两拖欠", 22, "要求{0}支付拖欠的{1}个月工资", "本人在{0}务工，{1}个月工资至今未发，多次讨要无果。", "建筑有限公司"),
        ("城乡建设", 18, "要求{0}解决小区漏水问题", "{0}交付的房屋{1}年来一直漏水，物业和开发商互相推诿。", "房地产开发有限公司"),
        ("劳动社保", 14, "要求{0}补缴社会保险", "在{0}工作{1}年，单位从未缴纳社保。", "制造有限公司"),
        ("市场监管", 10, "要求{0}退还预付卡余额", "{0}闭店，预付卡余额{1}千元无法退还。", "健身有限公司"),
        ("自然资源", 8, "要求{0}依法处理占用承包地问题", "承包地{1}亩被{0}占用建厂，没有任何补偿。", "村民委员会"),
        ("生态环境", 8, "要求{0}停止夜间施工噪声扰民", "{0}工地连续{1}周夜间施工，噪声影响休息。", "市政工程有限公司"),
        ("教育卫生", 6, "要求{0}说明收费依据", "{0}收取的费用{1}百元没有依据。", "民办学校"),
        ("涉法涉诉", 6, "要求{0}执行已生效判决", "法院判决{0}赔偿，已过{1}个月仍未执行。", "贸易有限公司"),
        ("其他", 8, "反映{0}的问题，请求协调解决", "与{0}的纠纷已有{1}个月，协商未果。", "物业服务有限公司"),
    ];

    private static readonly string[] Channels = ["wechat", "wechat", "wechat", "web", "web", "wecom", DisputeFilings.PaperChannel];

    public async Task<SeedReport> FillAsync(SeedOptions o, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var rng = new Random(o.Seed);
        await using (var db = contexts())
        {
            if (await db.Petitions.AnyAsync(ct))
                throw new InvalidOperationException("The database already holds petitions; the generator fills an empty one (its tracking numbers would collide).");
        }

        // 100 units: 街道/乡镇 that own the grids, and departments; every tenth a 政法机关 (涉法涉诉 goes there, 第二十二条).
        var units = Enumerable.Range(1, o.Units).Select(i => new HandlingUnit
        {
            Name = i % 10 == 0 ? $"第{i}政法单位" : i % 2 == 0 ? $"第{i}街道办事处" : $"第{i}职能局",
            Code = $"S{i:000}", HeadName = Surnames[i % Surnames.Length] + "主任", IsPoliticalLegal = i % 10 == 0,
        }).ToList();
        await SaveAsync(units, ct, bulk: false);
        var grids = Enumerable.Range(0, o.Grids).Select(i => new GridArea
        {
            Name = $"第{i / o.Units + 1}网格", Code = $"G{i:0000}", UnitId = units[i % units.Count].Id,
        }).ToList();
        await SaveAsync(grids, ct, bulk: false);

        var start = o.EndUtc.AddYears(-o.Years);
        var span = o.EndUtc - start;
        var sequenceByDay = new Dictionary<DateOnly, int>();
        // Earlier petitioners, for repeat petitions: (name, id, phone, petition id, tracking number).
        var people = new List<(string Name, string Id, string Phone, long PetitionId, string TrackingNo)>();
        long nextId = 1; // COPY writes the petitions' keys itself (the database is empty), so their rows can follow at once
        int events = 0, deadlines = 0, lines = 0, opinions = 0, followUps = 0, escalations = 0, disputes = 0, repeats = 0;

        for (var done = 0; done < o.Count; done += o.BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(o.BatchSize, o.Count - done);
            var batch = new List<(Petition P, Plan Plan, string Id)>(n);
            for (var k = 0; k < n; k++)
            {
                var i = done + k;
                // Chronological, office hours in Beijing, a little jitter so days are not identical.
                var day = start + span * ((i + rng.NextDouble()) / o.Count);
                var local = ChinaTime.ToLocal(day);
                var received = ChinaTime.StartOfDayUtc(DateOnly.FromDateTime(local)).AddHours(rng.Next(0, 10)).AddMinutes(rng.Next(60)).AddSeconds(rng.Next(60));
                if (received > o.EndUtc) received = o.EndUtc.AddMinutes(-1);
                if (received < start) received = start.AddMinutes(1);
                var date = ChinaTime.ToDate(received);
                var seq = sequenceByDay[date] = sequenceByDay.GetValueOrDefault(date) + 1;
                var trackingNo = $"XF{date:yyyyMMdd}-{seq:0000}";

                var repeat = people.Count > 100 && rng.NextDouble() < 0.12;
                var earlier = repeat ? people[rng.Next(Math.Max(0, people.Count - 20000), people.Count)] : default;
                var name = repeat ? earlier.Name : Surnames[rng.Next(Surnames.Length)] + Given[rng.Next(Given.Length)];
                var id = repeat ? earlier.Id : NewIdNumber(rng);
                var phone = repeat ? earlier.Phone : NewPhone(rng);
                var protectedId = protector.Protect(id);

                var f = Pick(rng);
                var unit = units[rng.Next(units.Count)];
                var grid = grids[rng.Next(grids.Count)];
                var company = $"{Surnames[rng.Next(Surnames.Length)]}氏{f.Concerned}";
                var months = rng.Next(2, 13);
                var channel = Channels[rng.Next(Channels.Length)];
                var plan = Plan.For(received, o.EndUtc, rng, f.Field == "涉法涉诉");
                var p = new Petition
                {
                    TrackingNo = trackingNo,
                    PetitionerName = name,
                    IdNumberProtected = protectedId,
                    IdNumberHash = protector.Hash(id),
                    IdNumberMasked = IdNumber.Mask(id),
                    Phone = phone,
                    Address = $"{grid.Name}{Roads[rng.Next(Roads.Length)]}{rng.Next(1, 300)}号",
                    Locality = units[(int)((grid.UnitId - units[0].Id) % units.Count)].Name,
                    ConcernedUnit = company,
                    Category = rng.NextDouble() < 0.85 ? PetitionCategory.Grievance : rng.NextDouble() < 0.5 ? PetitionCategory.Suggestion : PetitionCategory.Accusation,
                    Field = f.Field,
                    Request = string.Format(f.Request, company, months),
                    FactsAndReasons = string.Format(f.Facts, company, months),
                    RaisedBefore = repeat,
                    EarlierTrackingNo = repeat ? earlier.TrackingNo : null,
                    RepeatOfPetitionId = repeat ? earlier.PetitionId : null,
                    IsRepeat = repeat,
                    LitigationRelated = f.Field == "涉法涉诉",
                    Channel = channel,
                    ChannelUserId = $"{channel}-synthetic-{i}",
                    SubmissionKey = $"synthetic:{trackingNo}",
                    ReceivedUtc = received,
                    Status = plan.Status,
                    AcceptedUtc = plan.AcceptedUtc,
                    RepliedUtc = plan.RepliedUtc,
                    ConcludedUtc = plan.ConcludedUtc,
                    DueUtc = plan.Due is { } due ? PetitionClock.EndOfDayUtc(due) : null,
                    HandlingUnitId = plan.Forwarded ? unit.Id : null,
                    CurrentUnitName = plan.Forwarded ? unit.Name : null,
                    AssignedClerk = plan.Forwarded ? $"clerk{rng.Next(1, 60)}" : null,
                    Rating = plan.Rating,
                    RatedUtc = plan.Rating is null ? null : plan.RepliedUtc!.Value.AddDays(rng.Next(1, 20)),
                    RatingReason = plan.Rating == PetitionRating.Dissatisfied ? "问题没有真正解决" : null,
                    ReviewSought = plan.Reviewed,
                };
                if (repeat) repeats++;
                if (channel != DisputeFilings.PaperChannel)
                {
                    // The chat that produced it, masked as the conversation stores it.
                    p.Transcript =
                    [
                        new TranscriptLine { AtUtc = received.AddMinutes(-6), Speaker = "user", Text = "我要反映问题" },
                        new TranscriptLine { AtUtc = received.AddMinutes(-6), Speaker = "bot", Text = "好的，请告诉我您的姓名。" },
                        new TranscriptLine { AtUtc = received.AddMinutes(-2), Speaker = "user", Text = p.Request },
                        new TranscriptLine { AtUtc = received, Speaker = "bot", Text = $"已为您登记，编号{trackingNo}。" },
                    ];
                    lines += 4;
                }
                if (copy)
                {
                    p.Id = nextId++;
                    foreach (var line in p.Transcript) line.PetitionId = p.Id;
                }
                batch.Add((p, plan, id));
            }
            await SaveAsync(copy ? batch.Select(b => (object)b.P).Concat(batch.SelectMany(b => b.P.Transcript)) : batch.Select(b => b.P), ct);

            var children = new List<object>(n * 6);
            foreach (var (p, plan, id) in batch)
            {
                if (!p.IsRepeat && rng.NextDouble() < 0.5) people.Add((p.PetitionerName, id, p.Phone, p.Id, p.TrackingNo));
                children.Add(new PetitionEvent { PetitionId = p.Id, AtUtc = p.ReceivedUtc, Action = "登记", Actor = PetitionEvent.BotActor, ToStatus = PetitionStatus.Registered, Note = $"经{ChannelLabels.Of(p.Channel)}提交" });
                events++;
                foreach (var e in plan.Events(p))
                {
                    children.Add(e);
                    events++;
                }
                if (plan.Due is { } due)
                {
                    children.Add(new PetitionDeadline
                    {
                        PetitionId = p.Id, Kind = plan.AcceptedUtc is null ? DeadlineKind.Dispose : DeadlineKind.Conclude,
                        StartDate = ChinaTime.ToDate(plan.AcceptedUtc ?? p.ReceivedUtc), DueDate = due, IsObligation = true,
                        OpenedUtc = plan.AcceptedUtc ?? p.ReceivedUtc,
                    });
                    deadlines++;
                }
                if (p.RepliedUtc is { } replied)
                {
                    children.Add(new HandlingOpinion
                    {
                        PetitionId = p.Id, Stage = plan.Reviewed ? OpinionStage.Review : OpinionStage.Handling,
                        Outcome = p.Rating == PetitionRating.Dissatisfied ? OpinionOutcome.Explain : OpinionOutcome.Support,
                        Text = $"经调查核实，{p.ConcernedUnit}已按要求处理。", LegalBasis = "《信访工作条例》第三十二条",
                        DraftedBy = p.AssignedClerk ?? "clerk1", DraftedUtc = replied.AddDays(-2), State = OpinionState.Replied,
                        ReviewedBy = "supervisor1", ReviewedUtc = replied.AddDays(-1), RepliedUtc = replied, IssuingUnit = p.CurrentUnitName,
                    });
                    opinions++;
                }
                if (p.Rating is { } rating)
                {
                    children.Add(new FollowUpVisit { PetitionId = p.Id, AtUtc = p.RatedUtc!.Value, VisitedBy = p.AssignedClerk ?? "clerk1", Result = "电话回访", Rating = rating });
                    followUps++;
                    if (rating == PetitionRating.Dissatisfied)
                    {
                        var levels = rng.NextDouble() < 0.3 ? 2 : 1;
                        for (var level = 1; level <= levels; level++)
                        {
                            var created = p.RatedUtc!.Value.AddDays(level * 10);
                            var resolved = created.AddDays(15) < o.EndUtc ? created.AddDays(15) : (DateTime?)null;
                            children.Add(new RatingEscalation
                            {
                                PetitionId = p.Id, Level = level, AssignedTo = level == 1 ? "单位负责人" : "县级领导", CreatedUtc = created,
                                DueDate = ChinaTime.ToDate(created).AddDays(15), TriggerRatedUtc = p.RatedUtc!.Value,
                                ResolvedUtc = level < levels ? created.AddDays(9) : resolved, ResolvedBy = resolved is null ? null : "supervisor1",
                                Resolution = resolved is null ? null : "已督促整改",
                            });
                            escalations++;
                        }
                    }
                }
                if (p.Channel == DisputeFilings.PaperChannel)
                {
                    var found = ChinaTime.ToDate(p.ReceivedUtc).AddDays(-rng.Next(1, 10));
                    children.Add(new Dispute
                    {
                        GridId = grids[rng.Next(grids.Count)].Id, Parties = $"{p.PetitionerName}与{p.ConcernedUnit}", Place = p.Address,
                        Kind = DisputeLabels.Kinds[rng.Next(DisputeLabels.Kinds.Length)], Risk = DisputeRisk.General, Summary = p.Request,
                        Status = DisputeStatus.ToPetition, PetitionTrackingNo = p.TrackingNo, FoundOn = found,
                        CreatedUtc = p.ReceivedUtc.AddDays(-1), UpdatedUtc = p.ReceivedUtc, RecordedBy = "gridworker1",
                    });
                    disputes++;
                }
            }
            await SaveAsync(children, ct);
            progress?.Invoke($"{done + n:N0} / {o.Count:N0} petitions, {watch.Elapsed.TotalSeconds:F0} s");
        }

        if (copy)
        {
            await using var db = contexts();
            await PostgresCopy.ResetPetitionIdentityAsync(db, ct);
        }
        // Repeats were written after the petitions they point to, around intake: mark those, as intake would have.
        await using (var db = contexts()) await RepeatLinks.MarkAllAsync(db, ct);
        return new SeedReport(units.Count, grids.Count, o.Count, events, deadlines, lines, opinions, followUps, escalations, disputes, repeats, watch.Elapsed);
    }

    /// <summary>Units and grids go through EF (a hundred rows, and their keys are needed back); the rest in bulk.</summary>
    private async Task SaveAsync(IEnumerable<object> rows, CancellationToken ct, bool bulk = true)
    {
        // A fresh context per batch and no change detection: the tracker would otherwise grow with every row written.
        await using var db = contexts();
        if (copy && bulk)
        {
            await PostgresCopy.WriteAsync(db, rows, ct);
            return;
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
    }

    private static (string Field, int Weight, string Request, string Facts, string Concerned) Pick(Random rng)
    {
        var r = rng.Next(Fields.Sum(f => f.Weight));
        foreach (var f in Fields)
        {
            if (r < f.Weight) return f;
            r -= f.Weight;
        }
        return Fields[^1];
    }

    /// <summary>A valid GB 11643 number (region, birth date, sequence, check digit).</summary>
    public static string NewIdNumber(Random rng)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(rng.Next(0, 365 * 55));
        var body = $"{110101 + rng.Next(0, 17) * 100:000000}{birth:yyyyMMdd}{rng.Next(0, 1000):000}";
        return body + IdNumber.CheckDigit(body);
    }

    public static string NewPhone(Random rng) => $"1{rng.Next(3, 10)}{rng.Next(0, 10)}{rng.Next(0, 100_000_000):00000000}";

    /// <summary>Where a petition of a given age stands, and the dates on its way there.</summary>
    private sealed record Plan(PetitionStatus Status, DateTime? AcceptedUtc, DateTime? RepliedUtc, DateTime? ConcludedUtc, DateOnly? Due,
        bool Forwarded, PetitionRating? Rating, bool Reviewed)
    {
        public static Plan For(DateTime received, DateTime end, Random rng, bool legal)
        {
            var age = (end - received).TotalDays;
            var receivedDate = ChinaTime.ToDate(received);
            // 第二十二条: 15 days to dispose of a registered petition.
            if (age < 10 && rng.NextDouble() < 0.7)
                return new(PetitionStatus.Registered, null, null, null, PetitionClock.AddCalendarDays(receivedDate, StatutoryPeriods.DisposeDays), false, null, false);
            if (legal && rng.NextDouble() < 0.6)
                return new(PetitionStatus.TransferredToLegal, null, null, received.AddDays(3), null, true, null, false);
            if (rng.NextDouble() < 0.05)
                return new(PetitionStatus.Declined, null, null, received.AddDays(5), null, false, null, false);
            var accepted = received.AddDays(rng.Next(1, 10));
            // 第三十四条: 60 days from acceptance to conclude.
            if (age < 75)
            {
                var due = PetitionClock.AddCalendarDays(ChinaTime.ToDate(accepted), StatutoryPeriods.ConcludeDays);
                var status = rng.NextDouble() < 0.1 ? PetitionStatus.Extended : rng.NextDouble() < 0.5 ? PetitionStatus.InProgress : PetitionStatus.Forwarded;
                return new(status, accepted, null, null, status == PetitionStatus.Extended ? due.AddDays(30) : due, true, null, false);
            }
            var replied = accepted.AddDays(rng.Next(10, 58));
            var roll = rng.NextDouble();
            PetitionRating? rating = roll < 0.4 ? PetitionRating.Satisfied : roll < 0.6 ? PetitionRating.MostlySatisfied : roll < 0.67 ? PetitionRating.Dissatisfied : null;
            var reviewed = rating == PetitionRating.Dissatisfied && rng.NextDouble() < 0.3;
            var final = reviewed ? PetitionStatus.Concluded : rng.NextDouble() < 0.9 ? PetitionStatus.Concluded : PetitionStatus.Replied;
            return new(final, accepted, replied, final == PetitionStatus.Concluded ? replied.AddDays(30) : null, null, true, rating, reviewed);
        }

        public IEnumerable<PetitionEvent> Events(Petition p)
        {
            if (Status == PetitionStatus.TransferredToLegal)
            {
                yield return new() { PetitionId = p.Id, AtUtc = ConcludedUtc!.Value, Action = "移交政法机关", Actor = "clerk1", FromStatus = PetitionStatus.Registered, ToStatus = Status, UnitName = p.CurrentUnitName };
                yield break;
            }
            if (Status == PetitionStatus.Declined)
            {
                yield return new() { PetitionId = p.Id, AtUtc = ConcludedUtc!.Value, Action = "不予受理", Actor = "clerk1", FromStatus = PetitionStatus.Registered, ToStatus = Status };
                yield break;
            }
            if (AcceptedUtc is not { } accepted) yield break;
            yield return new() { PetitionId = p.Id, AtUtc = accepted, Action = "转送", Actor = "clerk1", FromStatus = PetitionStatus.Registered, ToStatus = PetitionStatus.Forwarded, UnitName = p.CurrentUnitName };
            if (Status == PetitionStatus.Forwarded) yield break;
            yield return new() { PetitionId = p.Id, AtUtc = accepted.AddDays(1), Action = "受理", Actor = p.AssignedClerk ?? "clerk1", FromStatus = PetitionStatus.Forwarded, ToStatus = PetitionStatus.InProgress, DueDate = Due };
            if (RepliedUtc is not { } replied) yield break;
            yield return new() { PetitionId = p.Id, AtUtc = replied, Action = "答复", Actor = p.AssignedClerk ?? "clerk1", FromStatus = PetitionStatus.InProgress, ToStatus = PetitionStatus.Replied };
            if (Reviewed)
                yield return new() { PetitionId = p.Id, AtUtc = replied.AddDays(10), Action = "请求复查", Actor = "clerk1", FromStatus = PetitionStatus.Replied, ToStatus = PetitionStatus.UnderReview };
            if (ConcludedUtc is { } concluded)
                yield return new() { PetitionId = p.Id, AtUtc = concluded, Action = "办结", Actor = "clerk1", FromStatus = PetitionStatus.Replied, ToStatus = PetitionStatus.Concluded };
        }
    }
}
