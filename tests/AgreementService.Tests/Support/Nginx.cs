using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgreementService.LocalDatabase;

namespace AgreementService.Tests.Support;

/// <summary>
/// A real nginx in front of a service, proxying as docs/deployment.md tells operators to (X-Forwarded-For and
/// X-Forwarded-Proto), run from a throwaway folder and stopped with the test.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public static readonly string? Binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Nginx> StartAsync(Uri upstream)
    {
        var folder = Directory.CreateTempSubdirectory("agreements-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111); // nginx's workers run as another user
        }
        var port = LocalPostgres.FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log stderr;
            events {}
            http {
              access_log off;
              client_body_temp_path {{folder}}/body; proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi; uwsgi_temp_path {{folder}}/uwsgi; scgi_temp_path {{folder}}/scgi;
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(Binary!, ["-c", config, "-p", folder, "-g", "daemon off;"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var nginx = new Nginx(process, folder, port);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50);
            }
        }

        await nginx.DisposeAsync();
        throw new InvalidOperationException($"nginx did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (any 127.x.y.z is this machine), to <paramref name="port"/>.</summary>
    public static HttpClient ClientFrom(string source, int port) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
