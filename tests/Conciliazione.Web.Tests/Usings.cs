global using System.Net;
global using Conciliazione.Web.Tests.Infrastructure;
global using Xunit;
