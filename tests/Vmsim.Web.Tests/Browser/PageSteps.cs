using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Vmsim.Web.Tests.Browser;

/// <summary>What the browser tests do on the visualizer again and again: load a workload from the form, and wait for a text.</summary>
internal static class PageSteps
{
    /// <summary>Waits until the element's text matches the pattern.</summary>
    public static Task Expect(ILocator locator, string pattern) =>
        Assertions.Expect(locator).ToContainTextAsync(new Regex(pattern));

    /// <summary>
    /// Presses Load and waits until the load it starts has ended (the button available again):
    /// a workload loaded over the same one shows the same title and step 0 before the new run
    /// arrives, and a key pressed meanwhile would step the run about to be replaced.
    /// </summary>
    public static async Task PressLoad(IPage page)
    {
        await page.ClickAsync("#load");
        await Assertions.Expect(page.Locator("#load")).ToHaveAttributeAsync("aria-disabled", "false");
    }

    /// <summary>Loads a bundled example by its name and waits for its title and its step 0.</summary>
    public static async Task LoadExample(IPage page, string name, string title)
    {
        await page.CheckAsync("input[name=kind][value=example]");
        await page.SelectOptionAsync("#example", name);
        await PressLoad(page);
        await Expect(page.Locator("#workload-title"), Regex.Escape(title));
        await Expect(page.Locator("#step-label"), "^Step 0 of ");
    }

    /// <summary>Chooses <paramref name="kind"/> in the kind list, presses Next of this kind, and waits for the step's badge to read <paramref name="badge"/>.</summary>
    public static async Task NextOfKind(IPage page, string kind, string badge)
    {
        await page.SelectOptionAsync("#jump-kind", kind);
        await page.ClickAsync("#next-kind");
        await Expect(page.Locator("#badges"), badge);
    }

    /// <summary>Types <paramref name="step"/> into the step box and waits for the page to show it (of <paramref name="of"/> steps, when given).</summary>
    public static async Task GoTo(IPage page, int step, int? of = null)
    {
        await page.FillAsync("#step-input", step.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#step-input").DispatchEventAsync("change");
        await Expect(page.Locator("#step-label"), $"^Step {step} of {of}");
    }

    /// <summary>Loads a reference string on so many frames under <paramref name="policy"/> and waits for its step 0.</summary>
    public static async Task LoadRefs(IPage page, string refs, int frames, string policy = "fifo")
    {
        await page.CheckAsync("input[name=kind][value=refs]");
        await page.FillAsync("#refs", refs);
        await page.FillAsync("#frames", frames.ToString(CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#policy", policy);
        await PressLoad(page);
        await Expect(page.Locator("#workload-title"), "Reference string");
        await Expect(page.Locator("#step-label"), "^Step 0 of ");
    }
}
