using Npgsql;

namespace AgreementService.Tests.Support;

/// <summary>Straight from the tables of a service that runs as a process of its own (its store is not the test host's).</summary>
public static class ServiceDatabase
{
    /// <summary>The single number <paramref name="sql"/> counts, with @-named parameters.</summary>
    public static async Task<long> CountAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The first column of what <paramref name="sql"/> selects, as text.</summary>
    public static async Task<List<string>> TextsAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>How many events of <paramref name="type"/> (e.g. "vote_closed") the stream holds.</summary>
    public static Task<long> EventsAsync(NpgsqlConnection connection, string stream, string type) =>
        CountAsync(connection, "select count(*) from agreements.mt_events where stream_id = @stream and type = @type", ("stream", Guid.Parse(stream)), ("type", type));

    /// <summary>
    /// Polls until the service has nothing left to do: no message waiting or being handled, none scheduled for the next ten
    /// seconds, none to send. What a test waits for before it says that nothing more happened (no second close, no second delivery).
    /// </summary>
    public static async Task<bool> UntilQuietAsync(string connectionString, TimeSpan limit)
    {
        await using var connection = await OpenAsync(connectionString);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var pending = await CountAsync(connection,
                "select (select count(*) from agreements.wolverine_incoming_envelopes where status = 'Incoming' or (status = 'Scheduled' and execution_time < now() + interval '10 seconds')) " +
                "+ (select count(*) from agreements.wolverine_outgoing_envelopes)");
            if (pending == 0 || DateTime.UtcNow > deadline)
            {
                return pending == 0;
            }

            await Task.Delay(200);
        }
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}

public static class Poll
{
    /// <summary>Checks <paramref name="done"/> every 200 ms until it holds or <paramref name="limit"/> passes; says whether it held.</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return done();
    }
}
