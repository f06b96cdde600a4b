using PetitionBot.Bot.Reception;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Reception;

/// <summary>Publishes a reception day the way the office page does, straight in the database.</summary>
public static class ReceptionData
{
    public static async Task<long> PublishDayAsync(BotHost host, DateOnly date, int capacity, string leader = "王建国 副区长",
        string topics = "征地拆迁、劳动保障")
    {
        long id = 0;
        await host.WithDbAsync(async db =>
        {
            var place = new ReceptionPlace { Name = "区信访局接待大厅", Address = "人民路18号", Hours = "工作日 9:00-12:00，14:00-17:30" };
            db.Add(place);
            await db.SaveChangesAsync();
            var day = new ReceptionDay { PlaceId = place.Id, Date = date, Time = "9:00-11:30", Leader = leader, Topics = topics, Capacity = capacity, FreeSlots = capacity };
            db.Add(day);
            await db.SaveChangesAsync();
            id = day.Id;
        });
        return id;
    }
}
