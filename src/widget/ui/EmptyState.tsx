export function EmptyState({ text }: { text: string }) {
  return <p class="fr-empty" data-fr-empty="">{text}</p>;
}
