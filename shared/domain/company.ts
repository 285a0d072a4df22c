/** A company leads work for, created on first sight of its name. */
export interface Company {
  id: string;
  name: string;
  createdAt: string;
}
