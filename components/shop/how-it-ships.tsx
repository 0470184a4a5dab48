const steps = [
  {
    title: "You order",
    body: "Place your order in a few taps. We check stock across our warehouses the moment you do.",
  },
  {
    title: "Picked & packed nearby",
    body: "The warehouse nearest you picks your items from the shelf and packs them with care, usually the same day.",
  },
  {
    title: "Tracked to your door",
    body: "Your parcel ships with tracking, so you know where it is from the loading dock to your doorstep.",
  },
] as const;

export function HowItShips() {
  return (
    <section id="how-depot-ships" aria-labelledby="how-depot-ships-heading" className="mx-auto max-w-6xl scroll-mt-20 px-4 py-14 sm:px-6 sm:py-20">
      <h2 id="how-depot-ships-heading" className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
        How Depot ships
      </h2>
      <p className="mt-2 max-w-2xl text-slate-600">Three steps, one warehouse close to you, no guesswork.</p>
      <ol className="mt-8 grid gap-4 sm:grid-cols-3 sm:gap-6">
        {steps.map((step, i) => (
          <li key={step.title} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <span aria-hidden="true" className="grid size-9 place-items-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700 ring-1 ring-brand-100">
              {i + 1}
            </span>
            <h3 className="mt-4 font-semibold text-slate-900">{step.title}</h3>
            <p className="mt-1 text-sm leading-6 text-slate-600">{step.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
