# Multi-stage build of the portal. The runtime image carries Chromium for PDF rendering
# (headless, through PuppeteerSharp) and runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Conciliazione.sln ./
COPY src/ src/
RUN dotnet publish src/Conciliazione.Web/Conciliazione.Web.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 portal
WORKDIR /app
COPY --from=build /app ./
USER portal
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Portal__ChromiumPath=/usr/bin/chromium
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200' <&3"]
ENTRYPOINT ["dotnet", "Conciliazione.Web.dll"]
