using AgreementService.LocalDatabase;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgreementService.Tests.Support;

/// <summary>A stand-in for a partner site or a webhook receiver on 127.0.0.1: answers each request with what the handler says.</summary>
public sealed class LocalSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Func<HttpListenerRequest, string, (int Status, string ContentType, string Body)> _handler;

    public LocalSite(Func<HttpListenerRequest, string, (int Status, string ContentType, string Body)> handler)
    {
        _handler = handler;
        Port = LocalPostgres.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var (status, contentType, body) = _handler(context.Request, await reader.ReadToEndAsync());
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            if (status is >= 300 and < 400)
            {
                context.Response.RedirectLocation = body; // a redirect's body is where it points
            }

            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
